import Foundation

/// Checks a report as the app sent it (a JSON object) and answers a ``GridReport`` or every
/// problem found, each naming the field and the limit.
struct ReportValidator: Sendable {
    static let knownKeys: Set<String> = ["report_id", "event_type", "cell", "location", "description", "address", "photos", "observed_at"]

    var eventTypes: EventTypeTable
    var cells: CellTable

    func validate(
        _ body: [String: JSONValue], worker: GridWorker, photos: (String) -> StoredPhoto?, now: Date
    ) -> Result<GridReport, GridErrors> {
        var errors: [GridError] = []
        for key in body.keys.sorted() where !Self.knownKeys.contains(key) {
            errors.append(.invalid(key, "未知字段 `\(key)`（可用字段：\(Self.knownKeys.sorted().joined(separator: ", "))）"))
        }
        let reportID = checkReportID(body["report_id"], errors: &errors)
        let eventType = checkEventType(body["event_type"], errors: &errors)
        let cell = checkCell(body["cell"], worker: worker, errors: &errors)
        let located = checkLocation(body["location"], cell: cell, errors: &errors)
        let description = checkDescription(body["description"], errors: &errors)
        let address = checkAddress(body["address"], errors: &errors)
        let stored = checkPhotos(body["photos"], worker: worker, photos: photos, errors: &errors)
        let observedAt = checkObservedAt(body["observed_at"], now: now, errors: &errors)
        guard errors.isEmpty, let reportID, let eventType, let cell, let located, let description, let stored else {
            return .failure(GridErrors(errors))
        }
        return .success(
            GridReport(
                reportID: reportID, worker: worker, eventType: eventType, cell: cell, position: located.position,
                reportedPosition: located.reported, datum: located.datum, accuracyMetres: located.accuracy,
                distanceFromCentreMetres: located.distance, description: description, address: address ?? "",
                photos: stored, observedAt: observedAt))
    }

    // MARK: - Fields

    static func isReportID(_ value: String) -> Bool {
        !value.isEmpty && value.count <= GridLimits.maxReportIDCharacters
            && value.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.:".unicodeScalars.contains($0)) }
    }

    private func checkReportID(_ value: JSONValue?, errors: inout [GridError]) -> String? {
        let limit = "1–\(GridLimits.maxReportIDCharacters) characters"
        guard let text = value?.string else {
            errors.append(.invalid("report_id", limit: limit, "缺少上报编号 report_id（应用生成的唯一编号，重发时保持不变）"))
            return nil
        }
        guard Self.isReportID(text) else {
            errors.append(.invalid("report_id", limit: limit, "上报编号 report_id 只能由字母、数字和 - _ . : 组成，长度1至\(GridLimits.maxReportIDCharacters)"))
            return nil
        }
        return text
    }

    private func checkEventType(_ value: JSONValue?, errors: inout [GridError]) -> EventType? {
        guard let code = value?.string, !code.isEmpty else {
            errors.append(.invalid("event_type", limit: "a code of the event-type table", "缺少事件类型 event_type（如 E0101）"))
            return nil
        }
        guard let type = eventTypes[code] else {
            errors.append(.invalid("event_type", limit: "a code of the event-type table", "事件类型 event_type `\(code.prefix(16))` 不在事件类型表中（GET /v1/event-types 列出全部）"))
            return nil
        }
        return type
    }

    private func checkCell(_ value: JSONValue?, worker: GridWorker, errors: inout [GridError]) -> GridCell? {
        guard let object = value?.object else {
            errors.append(.invalid("cell", "缺少网格 cell（district 区、street 街道、grid 社区网格 三级编码）"))
            return nil
        }
        var shapeOK = true
        let levels: [(key: String, digits: Int, label: String)] = [
            ("district", CellCodes.districtDigits, "区"), ("street", CellCodes.streetDigits, "街道"), ("grid", CellCodes.gridDigits, "社区网格"),
        ]
        var codes: [String: String] = [:]
        for level in levels {
            let field = "cell.\(level.key)"
            guard let code = object[level.key]?.string, GridIDs.isDigits(code, count: level.digits) else {
                errors.append(.invalid(field, limit: "\(level.digits) digits", "\(level.label)编码 \(field) 应为\(level.digits)位数字"))
                shapeOK = false
                continue
            }
            codes[level.key] = code
        }
        for key in object.keys.sorted() where !levels.contains(where: { $0.key == key }) {
            errors.append(.invalid("cell.\(key)", "未知字段 `cell.\(key)`（可用：district, street, grid）"))
            shapeOK = false
        }
        guard shapeOK, let district = codes["district"], let street = codes["street"], let grid = codes["grid"] else { return nil }
        guard let cell = cells[grid] else {
            if !cells.knowsDistrict(district) {
                errors.append(.invalid("cell.district", limit: "a district of the grid-cell table", "区编码 cell.district `\(district)` 不在网格表中"))
            } else if !cells.knowsStreet(street) {
                errors.append(.invalid("cell.street", limit: "a street of the grid-cell table", "街道编码 cell.street `\(street)` 不在网格表中"))
            } else {
                errors.append(.invalid("cell.grid", limit: "a grid cell of the grid-cell table", "社区网格编码 cell.grid `\(grid)` 不在网格表中"))
            }
            return nil
        }
        guard cell.street == street else {
            errors.append(.invalid("cell.street", limit: "the street of cell.grid", "cell.street：网格 `\(grid)` 属于街道 `\(cell.street)`（\(cell.streetName)），不属于 `\(street)`"))
            return nil
        }
        guard cell.district == district else {
            errors.append(.invalid("cell.district", limit: "the district of cell.grid", "cell.district：网格 `\(grid)` 属于区 `\(cell.district)`（\(cell.districtName)），不属于 `\(district)`"))
            return nil
        }
        guard worker.mayReport(in: cell) else {
            errors.append(.invalid("cell.grid", limit: "the worker's assigned cells", "cell.grid：网格 `\(grid)`（\(cell.fullName)）不在本网格员负责的网格内"))
            return nil
        }
        return cell
    }

    private struct Located {
        var position: Coordinate
        var reported: Coordinate
        var datum: Datum
        var accuracy: Double?
        var distance: Double
    }

    private func checkLocation(_ value: JSONValue?, cell: GridCell?, errors: inout [GridError]) -> Located? {
        guard let object = value?.object else {
            errors.append(.invalid("location", "缺少位置 location（lat 纬度、lon 经度、crs 坐标系 wgs84 或 gcj02）"))
            return nil
        }
        for key in object.keys.sorted() where !["lat", "lon", "crs", "accuracy_m"].contains(key) {
            errors.append(.invalid("location.\(key)", "未知字段 `location.\(key)`（可用：lat, lon, crs, accuracy_m）"))
        }
        let lat = Self.number(object["lat"])
        let lon = Self.number(object["lon"])
        var ok = true
        if lat == nil || !(lat!.isFinite && Coordinate.chinaLatitudes.contains(lat!)) {
            errors.append(.invalid("location.lat", limit: "\(Coordinate.chinaLatitudes.lowerBound)..\(Coordinate.chinaLatitudes.upperBound)", "纬度 location.lat 应为中国境内的十进制度数（\(Coordinate.chinaLatitudes.lowerBound)至\(Coordinate.chinaLatitudes.upperBound)）"))
            ok = false
        }
        if lon == nil || !(lon!.isFinite && Coordinate.chinaLongitudes.contains(lon!)) {
            errors.append(.invalid("location.lon", limit: "\(Coordinate.chinaLongitudes.lowerBound)..\(Coordinate.chinaLongitudes.upperBound)", "经度 location.lon 应为中国境内的十进制度数（\(Coordinate.chinaLongitudes.lowerBound)至\(Coordinate.chinaLongitudes.upperBound)）"))
            ok = false
        }
        let datum = (object["crs"]?.string).flatMap(Datum.init(rawValue:))
        if datum == nil {
            errors.append(.invalid("location.crs", limit: "wgs84 | gcj02", "坐标系 location.crs 应为 wgs84（GPS 原始坐标）或 gcj02（国测局坐标）"))
            ok = false
        }
        var accuracy: Double?
        if let raw = object["accuracy_m"], raw != .null {
            guard let value = Self.number(raw), value.isFinite, value >= 0, value <= GridLimits.maxAccuracyMetres else {
                errors.append(.invalid("location.accuracy_m", limit: "0..\(Int(GridLimits.maxAccuracyMetres)) m", "定位精度 location.accuracy_m 应为0至\(Int(GridLimits.maxAccuracyMetres))米；精度太差请重新定位"))
                return nil
            }
            accuracy = value
        }
        guard ok, let lat, let lon, let datum, let reported = Coordinate(latitude: lat, longitude: lon) else { return nil }
        let position = datum == .gcj02 ? GCJ02.toWGS84(reported) : reported
        guard let cell else { return nil }
        let distance = position.distance(to: cell.centre)
        guard distance <= cell.radiusMetres else {
            errors.append(.invalid(
                "location", limit: "\(Int(cell.radiusMetres)) m from the centre of cell \(cell.grid)",
                "位置 location 距网格 `\(cell.grid)`（\(cell.gridName)）中心 \(Int(distance.rounded())) 米，超出 \(Int(cell.radiusMetres)) 米的范围；请核对网格或坐标系（crs）"))
            return nil
        }
        return Located(position: position, reported: reported, datum: datum, accuracy: accuracy, distance: distance)
    }

    private func checkDescription(_ value: JSONValue?, errors: inout [GridError]) -> String? {
        let limit = "\(GridLimits.minDescriptionCharacters)–\(GridLimits.maxDescriptionCharacters) characters"
        guard let text = (value?.string)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            errors.append(.invalid("description", limit: limit, "缺少事件描述 description"))
            return nil
        }
        guard text.count >= GridLimits.minDescriptionCharacters else {
            errors.append(.invalid("description", limit: limit, "事件描述 description 只有\(text.count)个字，至少\(GridLimits.minDescriptionCharacters)个字"))
            return nil
        }
        guard text.count <= GridLimits.maxDescriptionCharacters else {
            errors.append(.invalid("description", limit: limit, "事件描述 description 有\(text.count)个字，超过\(GridLimits.maxDescriptionCharacters)个字的上限"))
            return nil
        }
        return text
    }

    private func checkAddress(_ value: JSONValue?, errors: inout [GridError]) -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.string, text.count <= GridLimits.maxAddressCharacters else {
            errors.append(.invalid("address", limit: "\(GridLimits.maxAddressCharacters) characters", "地址 address 应为不超过\(GridLimits.maxAddressCharacters)个字的文字"))
            return nil
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func checkPhotos(
        _ value: JSONValue?, worker: GridWorker, photos: (String) -> StoredPhoto?, errors: inout [GridError]
    ) -> [StoredPhoto]? {
        let limit = "\(GridLimits.minPhotosPerReport)–\(GridLimits.maxPhotosPerReport) photos"
        guard let list = value?.array, list.count >= GridLimits.minPhotosPerReport else {
            errors.append(.invalid("photos", limit: limit, "photos 至少附\(GridLimits.minPhotosPerReport)张现场照片（先 POST /v1/photos 上传，再在 photos 中列出其 photo_id）"))
            return nil
        }
        guard list.count <= GridLimits.maxPhotosPerReport else {
            errors.append(.invalid("photos", limit: limit, "照片 photos 有\(list.count)张，超过每次上报\(GridLimits.maxPhotosPerReport)张的上限"))
            return nil
        }
        var stored: [StoredPhoto] = []
        var ok = true
        for (index, item) in list.enumerated() {
            let field = "photos[\(index)]"
            guard let id = item.string, let photo = photos(id), photo.workerID == worker.id else {
                errors.append(.invalid(field, "照片 \(field) 不是本网格员已上传的 photo_id"))
                ok = false
                continue
            }
            guard !stored.contains(where: { $0.sha256 == photo.sha256 }) else {
                errors.append(.invalid(field, "照片 \(field) 与前面的照片重复"))
                ok = false
                continue
            }
            stored.append(photo)
        }
        return ok ? stored : nil
    }

    private func checkObservedAt(_ value: JSONValue?, now: Date, errors: inout [GridError]) -> Date? {
        guard let value, value != .null else { return nil }
        let limit = "RFC 3339, from 7 days ago to 10 minutes ahead"
        guard let text = value.string, let date = Self.parseTime(text) else {
            errors.append(.invalid("observed_at", limit: limit, "发现时间 observed_at 应为 RFC 3339 时间，如 2026-11-20T09:30:00+08:00"))
            return nil
        }
        guard date <= now.addingTimeInterval(GridLimits.maxObservedSkewSeconds),
            date >= now.addingTimeInterval(-GridLimits.maxObservedAgeSeconds)
        else {
            errors.append(.invalid("observed_at", limit: limit, "发现时间 observed_at 应在7天之内，且不晚于现在"))
            return nil
        }
        return date
    }

    static func number(_ value: JSONValue?) -> Double? { value?.number }

    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
