import Foundation

/// A position in degrees. Positions are kept in WGS-84 (what GPS gives); phones in China often
/// report GCJ-02, the obfuscated datum maps there must use, which lies some hundreds of
/// metres off. ``fromGCJ02(_:)`` brings such a position back to WGS-84.
struct Coordinate: Hashable, Sendable, Codable {
    var latitude: Double
    var longitude: Double

    /// Nil unless both values are finite and in range (latitude −90…90, longitude −180…180).
    init?(latitude: Double, longitude: Double) {
        guard latitude.isFinite, longitude.isFinite, (-90...90).contains(latitude), (-180...180).contains(longitude) else { return nil }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// The rough box around China that GCJ-02 applies in and grid cells lie in.
    static let chinaLatitudes = 3.86...53.56
    static let chinaLongitudes = 73.66...135.06

    static func isInChina(_ point: Coordinate) -> Bool {
        chinaLatitudes.contains(point.latitude) && chinaLongitudes.contains(point.longitude)
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    func distance(to other: Coordinate) -> Double {
        let radius = 6_371_008.8
        let (phi1, phi2) = (latitude * .pi / 180, other.latitude * .pi / 180)
        let dPhi = phi2 - phi1
        let dLambda = (other.longitude - longitude) * .pi / 180
        let h = sin(dPhi / 2) * sin(dPhi / 2) + cos(phi1) * cos(phi2) * sin(dLambda / 2) * sin(dLambda / 2)
        return 2 * radius * asin(min(1, sqrt(h)))
    }
}

/// The GCJ-02 datum: the public formula (Krasovsky 1940 ellipsoid and the published
/// polynomial offsets), forward exactly and backward by fixed-point iteration to millimetres.
enum GCJ02 {
    private static let semiMajorAxis = 6_378_245.0
    private static let eccentricitySquared = 0.006_693_421_622_965_943_23

    /// WGS-84 → GCJ-02. Outside China the datum adds no offset.
    static func fromWGS84(_ point: Coordinate) -> Coordinate {
        guard Coordinate.isInChina(point) else { return point }
        let (dLat, dLon) = offset(point)
        return Coordinate(latitude: point.latitude + dLat, longitude: point.longitude + dLon) ?? point
    }

    /// GCJ-02 → WGS-84: the WGS-84 point whose GCJ-02 image is `point`.
    static func toWGS84(_ point: Coordinate) -> Coordinate {
        guard Coordinate.isInChina(point) else { return point }
        var guess = point
        for _ in 0..<10 {
            let image = fromWGS84(guess)
            let (errLat, errLon) = (image.latitude - point.latitude, image.longitude - point.longitude)
            guess = Coordinate(latitude: guess.latitude - errLat, longitude: guess.longitude - errLon) ?? guess
            if abs(errLat) < 1e-9 && abs(errLon) < 1e-9 { break }
        }
        return guess
    }

    private static func offset(_ point: Coordinate) -> (Double, Double) {
        let x = point.longitude - 105.0
        let y = point.latitude - 35.0
        var dLat = latitudeShift(x, y)
        var dLon = longitudeShift(x, y)
        let radLat = point.latitude / 180 * .pi
        var magic = sin(radLat)
        magic = 1 - eccentricitySquared * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180) / ((semiMajorAxis * (1 - eccentricitySquared)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180) / (semiMajorAxis / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLon)
    }

    private static func latitudeShift(_ x: Double, _ y: Double) -> Double {
        var value = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        value += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        value += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        value += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        return value
    }

    private static func longitudeShift(_ x: Double, _ y: Double) -> Double {
        var value = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        value += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        value += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        value += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        return value
    }
}
