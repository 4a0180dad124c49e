import Foundation
import Testing
@testable import GridPlugin

@Suite struct WorkerDirectoryTests {
    static func directory(_ tokens: [String]) throws -> WorkerDirectory {
        var text = "worker_id,name,token_sha256,cells\n"
        for (index, token) in tokens.enumerated() {
            text += "w-\(index),网格员\(index),\(WorkerDirectory.hash(token: token)),\(index == 0 ? "*" : "110102 11010100100101")\n"
        }
        return try WorkerDirectory.from(CSVTable.parse(text, file: "workers.csv", required: WorkerDirectory.columns))
    }

    @Test func aTokenFindsItsWorkerAndNoOther() throws {
        let tokens = (0..<3).map { _ in WorkerDirectory.newToken() }
        let directory = try Self.directory(tokens)
        for (index, token) in tokens.enumerated() {
            #expect(directory.worker(presenting: token)?.id == "w-\(index)")
        }
        #expect(directory.worker(presenting: tokens[0] + "x") == nil)
        #expect(directory.worker(presenting: "") == nil)
        #expect(directory.worker(presenting: WorkerDirectory.hash(token: tokens[1])) == nil, "the stored hash is not a token")
        #expect(directory.workers[1].cells == ["110102", "11010100100101"])
        #expect(directory.workers[0].cells.isEmpty)
    }

    @Test func newTokensAreLongRandomAndPrefixed() {
        let tokens = Set((0..<50).map { _ in WorkerDirectory.newToken() })
        #expect(tokens.count == 50)
        #expect(tokens.allSatisfy { $0.hasPrefix("gwt_") && $0.count == 4 + 43 })
        #expect(WorkerDirectory.hash(token: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [
        ("W-1,甲,\(String(repeating: "a", count: 64)),*", "worker_id `W-1`"),
        ("w-1,甲,abc,*", "token_sha256"),
        ("w-1,甲,\(String(repeating: "a", count: 64)),1101", "cells: `1101`"),
        ("w-1,,\(String(repeating: "a", count: 64)),*", "name"),
    ])
    func aBadWorkerRowIsNamed(_ row: String, _ problem: String) throws {
        let error = try #require(throws: DataFileError.self) {
            try WorkerDirectory.from(CSVTable.parse("worker_id,name,token_sha256,cells\n\(row)\n", file: "workers.csv", required: WorkerDirectory.columns))
        }
        #expect(error.line == 2)
        #expect(error.message.contains(problem), "\(error)")
    }

    @Test func twoWorkersMayNotShareAToken() throws {
        let hash = WorkerDirectory.hash(token: "gwt_same")
        let text = "worker_id,name,token_sha256,cells\nw-1,甲,\(hash),*\nw-2,乙,\(hash),*\n"
        let error = try #require(throws: DataFileError.self) {
            try WorkerDirectory.from(CSVTable.parse(text, file: "workers.csv", required: WorkerDirectory.columns))
        }
        #expect(error.line == 3)
    }
}

@Suite struct DatumTests {
    @Test(arguments: [(39.9152, 116.4039), (31.2304, 121.4737), (22.5431, 114.0579), (43.8256, 87.6168)])
    func gcj02ShiftsByHundredsOfMetresAndConvertsBack(_ lat: Double, _ lon: Double) throws {
        let wgs = try #require(Coordinate(latitude: lat, longitude: lon))
        let gcj = GCJ02.fromWGS84(wgs)
        let shift = wgs.distance(to: gcj)
        #expect(shift > 50 && shift < 1000, "GCJ-02 lies some hundreds of metres off: \(shift) m")
        #expect(GCJ02.toWGS84(gcj).distance(to: wgs) < 0.01)
    }

    @Test func outsideChinaNothingShifts() throws {
        let paris = try #require(Coordinate(latitude: 48.8566, longitude: 2.3522))
        #expect(GCJ02.fromWGS84(paris) == paris)
    }

    @Test func distancesAreGreatCircle() throws {
        let a = try #require(Coordinate(latitude: 39.9, longitude: 116.4))
        let b = try #require(Coordinate(latitude: 40.0, longitude: 116.4))
        #expect(abs(a.distance(to: b) - 11_119.5) < 5, "0.1° of latitude ≈ 11.12 km")
        #expect(Coordinate(latitude: 91, longitude: 0) == nil)
        #expect(Coordinate(latitude: .nan, longitude: 0) == nil)
    }

    @Test func thePhotoLimitFitsTheHostsFrames() {
        #expect(GridLimits.photoLimit(maxFrameBytes: 4 * 1024 * 1024) == 3 * 1024 * 1024)
        #expect(GridLimits.photoLimit(maxFrameBytes: 1024 * 1024) == 1024 * 1024 - 64 * 1024)
    }

    @Test func photosAreToldByTheirFirstBytes() {
        #expect(PhotoFormat(sniffing: Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0])) == .jpeg)
        #expect(PhotoFormat(sniffing: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])) == .png)
        #expect(PhotoFormat(sniffing: Data("GIF89a".utf8)) == nil)
        #expect(GridService.safeFileName("../../etc/passwd", format: .jpeg) == "photo.jpg")
        #expect(GridService.safeFileName("IMG_2041.JPG", format: .jpeg) == "IMG_2041.JPG")
        #expect(GridService.safeFileName(".hidden", format: .png) == "photo.png")
        #expect(GridService.safeFileName(nil, format: .jpeg) == "photo.jpg")
    }
}
