/// Every limit on input, in one place. Errors quote these values.
public enum Limits {
    /// 事由: characters.
    public static let subjectCharacters = 200
    /// 诉求内容: characters.
    public static let contentCharacters = 20_000
    /// A note on the thread: characters.
    public static let noteCharacters = 4_000
    /// A reason, reply or other command field: characters.
    public static let fieldCharacters = 4_000
    public static let nameCharacters = 64
    public static let phoneCharacters = 32
    public static let addressCharacters = 256
    public static let idempotencyKeyCharacters = 128
    public static let attributeCount = 32
    public static let attributeValueCharacters = 1_000
    public static let attachmentsPerCase = 50
    /// One attachment, bytes.
    public static let attachmentBytes = 20 * 1024 * 1024
    /// A search query: characters.
    public static let queryCharacters = 100
    /// Largest page of a list.
    public static let maxPageSize = 200
    public static let defaultPageSize = 20
}
