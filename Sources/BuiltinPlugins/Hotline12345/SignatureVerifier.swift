import Foundation

/// Checks a pushed request's signature, timestamp and nonce, in that order of cheapness, and
/// remembers accepted nonces so a captured request cannot be sent again.
struct SignatureVerifier: Sendable {
    let secret: [UInt8]
    let nonces: NonceLedger

    /// Throws the API error to answer (401) when the request is not authentic or not fresh.
    func verify(method: String, path: String, headers: (String) -> String?, body: some DataProtocol, now: Date = Date()) throws(PlatformAPIError) {
        guard let timestamp = headers(RequestSignature.Header.timestamp), let nonce = headers(RequestSignature.Header.nonce),
            let signature = headers(RequestSignature.Header.signature)
        else {
            throw .missingSignature
        }
        guard let seconds = Int64(timestamp), timestamp.utf8.count <= 12 else {
            throw .invalidHeader(RequestSignature.Header.timestamp, problem: "must be Unix seconds", limit: "12 digits")
        }
        guard RequestSignature.isWellFormedNonce(nonce) else {
            throw .invalidHeader(
                RequestSignature.Header.nonce, problem: "must be 16 to 64 ASCII letters, digits, - or _",
                limit: "\(RequestSignature.nonceCharacters.upperBound) characters")
        }
        let expected = RequestSignature.sign(secret: secret, method: method, path: path, timestamp: timestamp, nonce: nonce, body: body)
        guard RequestSignature.matches(expected, signature) else { throw .badSignature }
        let clock = Int64(now.timeIntervalSince1970)
        guard abs(clock - seconds) <= RequestSignature.windowSeconds else { throw .staleTimestamp }
        guard nonces.admit(nonce, timestamp: seconds, now: clock) else { throw .replayedNonce }
    }
}
