import ArgumentParser
import Foundation
import GRPCNIOTransportHTTP2

/// TLS for the gRPC server: off unless a certificate and key are given; with a client CA,
/// clients must present a certificate it signed (mutual TLS).
struct TLSOptions: ParsableArguments {
    @Option(help: "PEM certificate chain file; enables TLS.") var tlsCert: String?
    @Option(help: "PEM private key file for --tls-cert.") var tlsKey: String?
    @Option(help: "PEM CA file; clients must present a certificate it signed.") var tlsClientCA: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if tlsClientCA != nil, tlsCert == nil { throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key") }
        for path in [tlsCert, tlsKey, tlsClientCA].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: path) {
            throw ValidationError("cannot read \(path)")
        }
    }

    var isEnabled: Bool { tlsCert != nil }

    var security: HTTP2ServerTransport.Posix.TransportSecurity {
        guard let tlsCert, let tlsKey else { return .plaintext }
        let chain: [TLSConfig.CertificateSource] = [.file(path: tlsCert, format: .pem)]
        let key = TLSConfig.PrivateKeySource.file(path: tlsKey, format: .pem)
        guard let tlsClientCA else { return .tls(certificateChain: chain, privateKey: key) }
        return .mTLS(certificateChain: chain, privateKey: key) { config in
            config.trustRoots = .certificates([.file(path: tlsClientCA, format: .pem)])
            config.clientCertificateVerification = .noHostnameVerification
        }
    }
}
