import BroadsheetCore
import BroadsheetStore
import Foundation
import Hummingbird

/// Writes over HTTP, each with `Authorization: Bearer TOKEN` (`broadsheet tokens create`):
/// `POST /api/v1/imports` (one file in any importable format), `DELETE /api/v1/articles/{id}`
/// (withdraw), `POST /api/v1/articles/{id}/restore`, `GET /api/v1/log`. Every rejection
/// leaves the archive as it was.
enum PublishController {
    /// The actor of the request's valid token.
    /// - Throws: `WebError.unauthorized` without one.
    static func authorize(_ site: Site, _ request: Request) async throws -> String {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw WebError.unauthorized("写入需要令牌：请求头 Authorization: Bearer 令牌。")
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.count <= 200, let name = try await site.store.tokenName(digest: AccessToken.digest(token)) else {
            throw WebError.unauthorized("令牌无效或已撤销。")
        }
        return AccessToken.actor(name)
    }

    /// True when the request carries a valid token (a token holder may preview embargoed
    /// editions); readers without an Authorization header cost nothing here.
    static func mayPreview(_ site: Site, _ request: Request) async -> Bool {
        guard request.headers[.authorization] != nil else { return false }
        return (try? await authorize(site, request)) != nil
    }

    /// A preview's response: never cached where others could read it.
    static func privately(_ response: Response) -> Response {
        var r = response
        r.headers[.cacheControl] = "private, no-store"
        return r
    }

    struct ImportJSON: Codable {
        var file: String
        var editions: Int
        var pages: Int
        var articles: Int
        var unchanged: Int
        var updated: Int
        var jumpsLinked: Int
        var duplicatesMerged: Int
        var slugsAssigned: [String: String]
    }

    struct RejectedJSON: Codable {
        struct Body: Codable { var status: Int; var message: String; var errors: [String] }
        var error: Body
    }

    /// `POST /api/v1/imports?name=…&paper=…&slug=…`: the body is one file; its name comes from
    /// `Content-Disposition: attachment; filename=…` or `name=`.
    static func importFile(_ site: Site, _ request: Request) async throws -> Response {
        let actor = try await authorize(site, request)
        let name = try fileName(request)
        let parameters = request.uri.queryParameters
        let paper = parameters.get("paper").flatMap { $0.isEmpty ? nil : $0 }
        let slug = parameters.get("slug").flatMap { $0.isEmpty ? nil : $0 }
        for (value, field) in [(paper, "paper"), (slug, "slug")] where (value?.unicodeScalars.count ?? 0) > SearchController.maxFilterLength {
            throw WebError.badRequest("\(field) 太长：最多 \(SearchController.maxFilterLength) 个字符。")
        }
        var publishAt: String?
        if let text = parameters.get("publish_at"), !text.isEmpty {
            guard let time = PublishTime.parse(String(text)) else {
                throw WebError.badRequest("publish_at 不是带时区的时间：\(text)", hint: "例如 2019-11-25T00:00+08:00。")
            }
            publishAt = time
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: site.configuration.maxImportSize)
        } catch {
            throw WebError.tooLarge("文件太大（最多 \(site.configuration.maxImportSize) 字节）。", status: .contentTooLarge)
        }
        guard body.readableBytes > 0 else { throw WebError.badRequest("请求体是空的：请把要导入的文件作为请求体发送。") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var file = folder.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: file.path, contents: Data(buffer: body)) else {
            throw WebError.badRequest("无法保存上传的文件。")
        }
        // A zip of a day's export folder: unpacked (safely) and imported as that folder.
        let isZip = request.headers[.contentType]?.lowercased().hasPrefix("application/zip") == true || name.lowercased().hasSuffix(".zip")
        if isZip {
            let unpacked = folder.appendingPathComponent("unpacked")
            do {
                try UploadedZip.unpack(file, into: unpacked, maxTotal: site.configuration.maxImportSize * 4)
            } catch let refused as UploadedZip.Refused {
                return try APIController.json(
                    RejectedJSON(error: .init(status: 422, message: "zip 文件被拒绝，没有导入任何内容。", errors: ["\(name): \(refused)"])),
                    status: .unprocessableContent)
            } catch {
                return try APIController.json(
                    RejectedJSON(error: .init(status: 422, message: "zip 文件无法解开，没有导入任何内容。", errors: ["\(name): 已损坏"])),
                    status: .unprocessableContent)
            }
            file = unpacked
        }
        var options = Importer.Options(paperName: paper, strict: true, slug: slug, actor: actor, publishAt: publishAt)
        options.mediaRoot = site.configuration.mediaRoot
        // Every problem, so the answer lists them all; nothing is written then.
        options.everyProblem = true
        func rejected(_ message: String, _ errors: [String]) throws -> Response {
            let shown = errors.map {
                $0.replacingOccurrences(of: folder.path + "/unpacked/", with: name + ":").replacingOccurrences(of: folder.path + "/", with: "")
            }
            return try APIController.json(RejectedJSON(error: .init(status: 422, message: message, errors: shown)), status: .unprocessableContent)
        }
        let summary: Importer.Summary
        do {
            summary = try await Importer(store: site.store).run(paths: [file.path], options: options)
        } catch Importer.ImportError.rejected(let problems) {
            return try rejected("文件有误，没有导入任何内容。", problems.map(\.description))
        } catch let e as Importer.ImportError {
            return try rejected("文件有误，没有导入任何内容。", [e.description])
        } catch let e as StoreError {
            return try rejected("与档案中已有内容冲突，没有导入任何内容。", [e.description])
        }
        let r = summary.store
        return try APIController.json(ImportJSON(
            file: name, editions: r.editions, pages: r.pages, articles: r.articles, unchanged: r.unchanged, updated: r.updated,
            jumpsLinked: r.stitching.jumpsLinked, duplicatesMerged: r.stitching.duplicatesMerged, slugsAssigned: r.slugsAssigned))
    }

    static let maxFileNameLength = 60

    /// The uploaded file's name, reduced to a plain file name: no folders, no `..`.
    static func fileName(_ request: Request) throws -> String {
        // The query value arrives decoded; a header's filename may be percent-encoded.
        var name: String? = request.uri.queryParameters.get("name").flatMap { $0.isEmpty ? nil : String($0) }
        if name == nil, let disposition = request.headers[.contentDisposition],
           let range = disposition.range(of: "filename=") {
            let raw = String(disposition[range.upperBound...].split(separator: ";").first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            name = raw.removingPercentEncoding ?? raw
        }
        guard let plain = name, !plain.isEmpty else {
            throw WebError.badRequest("缺少文件名：请用 Content-Disposition: attachment; filename=… 或 ?name=…。",
                                      hint: "文件名决定格式的识别，例如 20191003-01-05.txt 或 export.jsonl。")
        }
        guard !plain.contains("/"), !plain.contains("\\"), !plain.hasPrefix("."), !plain.contains("\0") else {
            throw WebError.badRequest("文件名不能含路径：\(plain)")
        }
        // Counted as the OpenAPI document counts (code points); 60 of them fit a file name of
        // the file system (255 bytes) in any script.
        guard plain.unicodeScalars.count <= maxFileNameLength else {
            throw WebError.badRequest("文件名太长：最多 \(maxFileNameLength) 个字符。")
        }
        return plain
    }

    struct WithdrawalJSON: Codable { var id: String; var withdrawn: String; var reason: String; var by: String }

    /// `DELETE /api/v1/articles/{id}?reason=…`.
    static func withdraw(_ site: Site, _ request: Request, id: String) async throws -> Response {
        let actor = try await authorize(site, request)
        let reason: String = request.uri.queryParameters.get("reason").map { String($0) } ?? ""
        guard !reason.trimmingCharacters(in: CharacterSet.whitespaces).isEmpty,
              reason.unicodeScalars.count <= 500 else {
            throw WebError.badRequest("撤稿需要原因：?reason=…（最多 500 字）。")
        }
        guard let w = try await site.store.withdraw(id: id, reason: reason, actor: actor) else {
            throw WebError.notFound("没有这篇文章：\(id)")
        }
        return try APIController.json(WithdrawalJSON(id: w.id, withdrawn: w.at, reason: w.reason, by: w.actor))
    }

    struct RestoredJSON: Codable { var id: String; var restored: Bool }

    /// `POST /api/v1/articles/{id}/restore`.
    static func restore(_ site: Site, _ request: Request, id: String) async throws -> Response {
        let actor = try await authorize(site, request)
        guard try await site.store.article(id: id) != nil else { throw WebError.notFound("没有这篇文章：\(id)") }
        return try APIController.json(RestoredJSON(id: id, restored: try await site.store.restore(id: id, actor: actor)))
    }

    /// `GET /api/v1/log?limit=…`.
    static func log(_ site: Site, _ request: Request) async throws -> Response {
        _ = try await authorize(site, request)
        let text = request.uri.queryParameters.get("limit")
        let limit = text.map { Int($0) ?? 0 } ?? 100
        guard (1...10_000).contains(limit) else { throw WebError.badRequest("limit 应在 1 到 10000 之间：\(text ?? "")") }
        return try APIController.json(try await site.store.auditLog(limit: limit))
    }
}
