import E2ESupport
import Foundation
import Testing

/// xfsh over TLS and mutual TLS against a daemon serving with test certificates.
@Suite(.serialized)
struct XfshTLSTests {
    /// A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl.
    static func certificates(in directory: URL) throws -> (String) -> String {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func openssl(_ arguments: [String]) throws {
            let result = try runProgram("/usr/bin/openssl", arguments)
            guard result.status == 0 else { throw E2EError("openssl \(arguments.first ?? ""): \(result.stderr)") }
        }
        try openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=xfsh-test-ca", "-keyout", path("ca.key"),
            "-out", path("ca.pem"),
        ])
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: path("san.ext"), atomically: true, encoding: .utf8)
        for name in ["server", "client"] {
            try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(name)", "-keyout", path("\(name).key"), "-out", path("\(name).csr")])
            try openssl([
                "x509", "-req", "-in", path("\(name).csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-days", "2",
                "-extfile", path("san.ext"), "-out", path("\(name).pem"),
            ])
        }
        return path
    }

    @Test func xfshTrustsTheGivenCAAndPresentsItsCertificateWhenAsked() async throws {
        let daemon = try DaemonProcess()
        let pki = try Self.certificates(in: daemon.dataDirectory.deletingLastPathComponent())
        let xfsh = Binaries.path("xfsh")
        let environment = ["XFSH_TOKEN": daemon.token, "XFSH_CONFIG": "/dev/null"]

        let tls = try RestartedDaemon(daemon, listen: "127.0.0.1:0", extra: ["--tls-cert", pki("server.pem"), "--tls-key", pki("server.key")])
        let trusted = try runProgram(xfsh, ["--server", tls.address, "--ca-cert", pki("ca.pem"), "--json", "-c", "whoami"], environment: environment)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(trusted.stdout.contains(#""id":"admin""#))
        let plaintext = try runProgram(xfsh, ["--server", tls.address, "-c", "whoami"], environment: environment)
        #expect(plaintext.status == 4, "a plaintext client cannot talk to a TLS server: \(plaintext.stderr)")
        let untrusted = try runProgram(xfsh, ["--server", tls.address, "--tls", "-c", "whoami"], environment: environment)
        #expect(untrusted.status == 4, "the test CA is not a system root: \(untrusted.stderr)")
        tls.stop()

        let mutual = try RestartedDaemon(
            daemon, listen: "127.0.0.1:0",
            extra: ["--tls-cert", pki("server.pem"), "--tls-key", pki("server.key"), "--tls-client-ca", pki("ca.pem")])
        defer { mutual.stop() }
        let withCertificate = try runProgram(
            xfsh, ["--server", mutual.address, "--ca-cert", pki("ca.pem"), "--cert", pki("client.pem"), "--key", pki("client.key"), "-c", "whoami"],
            environment: environment)
        #expect(withCertificate.status == 0, "\(withCertificate.stderr)")
        let withoutCertificate = try runProgram(xfsh, ["--server", mutual.address, "--ca-cert", pki("ca.pem"), "-c", "whoami"], environment: environment)
        #expect(withoutCertificate.status == 4)
    }
}
