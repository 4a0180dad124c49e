/// Every limit of the grid app's interface, by name. docs/grid.md lists them.
enum GridLimits {
    /// The largest photo, in bytes. A photo travels to the host in one frame (4 MiB at most),
    /// so the limit stays below it with room for the frame's other fields.
    static let maxPhotoBytes = 3 * 1024 * 1024
    /// Room left in a frame for everything but the photo's bytes (ids, names, framing).
    static let frameOverheadBytes = 64 * 1024

    /// The photo limit under a host whose frames hold at most `maxFrameBytes`.
    static func photoLimit(maxFrameBytes: Int) -> Int {
        max(0, min(maxPhotoBytes, maxFrameBytes - frameOverheadBytes))
    }
    /// Photos one report may carry.
    static let maxPhotosPerReport = 9
    /// Photos one report must carry: CJ/T 315 asks for a picture of the scene.
    static let minPhotosPerReport = 1
    /// The longest description of an event, in characters.
    static let maxDescriptionCharacters = 2000
    /// The shortest description, in characters (a bare "有" says nothing).
    static let minDescriptionCharacters = 5
    /// The longest street address, in characters.
    static let maxAddressCharacters = 200
    /// The longest report id the app may send.
    static let maxReportIDCharacters = 64
    /// The longest note on a verification (核查情况 / 未通过原因), as in the workflow.
    static let maxVerificationNoteCharacters = 2000
    /// The largest JSON body of a report or a verification, in bytes.
    static let maxJSONBodyBytes = 64 * 1024
    /// How far (metres) a position may lie from its grid cell's centre, when the table gives
    /// no radius of its own for the cell.
    static let defaultCellRadiusMetres = 3000.0
    /// The largest GPS accuracy (metres) the app may report; a fix worse than this is refused.
    static let maxAccuracyMetres = 500.0
    /// Messages one feed page returns at most, and by default.
    static let maxFeedPage = 100
    static let defaultFeedPage = 50
    /// How far into the future an `observed_at` may lie (clock skew of phones), in seconds.
    static let maxObservedSkewSeconds = 600.0
    /// How far into the past an `observed_at` may lie, in seconds (7 days).
    static let maxObservedAgeSeconds = 7 * 24 * 3600.0
}
