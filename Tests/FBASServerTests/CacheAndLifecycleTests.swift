import FBASFormats
import FBASReport
import FBASTestSupport
import Foundation
import SolverCore
import StrictJSON
import Testing
@testable import FBASServer

/// The body with `cacheHit` removed, to compare a cached answer with a computed one.
func withoutCacheHit(_ body: JSONValue) -> JSONValue {
    guard case .object(var o) = body else { return body }
    o.members.removeAll { $0.key == "cacheHit" }
    return .object(o)
}

/// A metric's value in the service's Prometheus text (the line `name value`).
func metric(_ service: AnalysisService, _ name: String) async -> Double? {
    let text = String(decoding: await service.metricsText(), as: UTF8.self)
    for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
        return Double(line.dropFirst(name.count + 1))
    }
    return nil
}

/// The stellarbeat node array of `name` with `edit` applied to every node record.
func editedNodes(_ name: String, _ edit: (inout JSONObject) -> Void) throws -> [UInt8] {
    guard case .array(let nodes) = try JSONParser.parse(try realBytes(name)) else { throw CocoaError(.fileReadCorruptFile) }
    return JSONWriter.writeUTF8(.array(nodes.map { node in
        guard case .object(var o) = node else { return node }
        edit(&o)
        return .object(o)
    }))
}

@Suite struct AnswerCacheTests {
    let snapshot = "fbas_analyzer__mobilecoin_nodes_2021-10-22.json"

    @Test func anIdenticalNetworkIsAnsweredFromTheCacheAndSaysSo() async throws {
        let service = AnalysisService(configuration: ServerConfiguration(workers: 1))
        let bytes = try realBytes(snapshot)
        let first = await service.answer(.blockingSets, body: bytes, query: [:])
        let second = await service.answer(.blockingSets, body: bytes, query: ["timeout": "5"])
        #expect(first.cacheHit == false && first.body.object?["cacheHit"] == .bool(false))
        #expect(second.cacheHit == true && second.body.object?["cacheHit"] == .bool(true), "the time limit is not part of the question")
        #expect(withoutCacheHit(first.body) == withoutCacheHit(second.body))
        #expect(await metric(service, "fbas_cache_hits_total") == 1)
    }

    @Test func aCrawlsChangingStatisticsStillHitButAChangedQuorumSetOrOptionDoesNot() async throws {
        let service = AnalysisService(configuration: ServerConfiguration(workers: 1))
        _ = await service.answer(.intersection, body: try realBytes(snapshot), query: [:])
        let recrawled = try editedNodes(snapshot) { $0["lag"] = .number(JSONNumber(123)); $0["dateUpdated"] = "2026-12-07" }
        #expect(await service.answer(.intersection, body: recrawled, query: [:]).cacheHit == true)
        let renamed = try editedNodes(snapshot) { $0["name"] = "renamed" }
        #expect(await service.answer(.intersection, body: renamed, query: [:]).cacheHit == false, "names appear in the witnesses")
        let changed = try editedNodes(snapshot) { node in
            if case .object(var q)? = node["quorumSet"] { q["threshold"] = .number(JSONNumber(1)); node["quorumSet"] = .object(q) }
        }
        #expect(await service.answer(.intersection, body: changed, query: [:]).cacheHit == false)
        #expect(await service.answer(.intersection, body: try realBytes(snapshot), query: ["solver": "z3"]).cacheHit == false)
        #expect(await service.answer(.topTier, body: try realBytes(snapshot), query: [:]).cacheHit == false, "another endpoint")
    }

    @Test func anAnswerCutShortIsNeverCached() async throws {
        let service = AnalysisService(configuration: ServerConfiguration(workers: 1))
        let stopped = InterruptFlag()
        stopped.raise()
        let cut = await service.answer(.splittingSets, body: try realBytes(snapshot), query: [:], interrupt: stopped)
        #expect(cut.status == 200)
        #expect(cut.body.object?["status"]?.string == "timeout")
        #expect(service.cache.count == 0)
        #expect(await metric(service, "fbas_interrupted_total") == 1)
        let full = await service.answer(.splittingSets, body: try realBytes(snapshot), query: [:])
        #expect(full.cacheHit == false && full.body.object?["status"]?.string == "ok")
    }

    @Test func theLeastRecentlyUsedAnswerLeavesFirst() throws {
        let cache = AnswerCache(capacity: 2)
        let fbas = try NetworkReader.read(Array(#"[{"publicKey": "A", "quorumSet": {"threshold": 1, "validators": ["A"]}}]"#.utf8),
                                          file: "tiny").fbas
        func key(_ e: String) -> AnswerCache.Key { AnswerCache.Key(endpoint: e, options: "", network: NetworkIdentity(fbas)) }
        cache.store(1, for: key("a"))
        cache.store(2, for: key("b"))
        #expect(cache.answer(for: key("a")) == 1)  // a is now the most recent
        cache.store(3, for: key("c"))
        #expect(cache.answer(for: key("b")) == nil)
        #expect(cache.answer(for: key("a")) == 1 && cache.answer(for: key("c")) == 3)
        let off = AnswerCache(capacity: 0)
        off.store(1, for: key("a"))
        #expect(off.answer(for: key("a")) == nil)
    }
}

@Suite struct LifecycleTests {
    @Test func afterShutdownEveryAnalysisStopsAtOnceWithItsBounds() async throws {
        let service = AnalysisService(configuration: ServerConfiguration(workers: 1))
        service.interruptAll()
        let a = await service.answer(.splittingSets, body: try realBytes("fbas_analyzer__mobilecoin_nodes_2021-10-22.json"), query: [:])
        #expect(a.status == 200)
        #expect(a.body.object?["status"]?.string == "timeout")
        #expect(a.body.object?["lowerBound"]?.number != nil)
        #expect(await service.health().body.object?["stopping"] == .bool(true))
    }

    @Test func retryAfterIsBetweenASecondAndAMinute() async throws {
        let service = AnalysisService(configuration: ServerConfiguration(workers: 2))
        #expect((1...60).contains(service.retryAfter()))
        for _ in 0..<50 { service.running.record(.seconds(600)) }
        #expect(service.retryAfter() == 60)
    }
}

@Suite struct OpenAPITests {
    let document = OpenAPIDocument.document(version: "test")

    @Test func itDescribesEveryRouteAndNothingElse() throws {
        let paths = try #require(document?.object?["paths"]?.object)
        let documented = Set(paths.keys.map { String($0.dropFirst()) })
        #expect(documented == Set(RequestLog.routes.keys))
        for (path, method) in RequestLog.routes {
            #expect(paths["/" + path]?.object?[method.lowercased()] != nil, "\(method) /\(path)")
        }
    }

    @Test func itDocumentsExactlyTheOptionsTheServiceTakes() throws {
        let operation = try #require(document?.object?["paths"]?.object?["/analyze"]?.object?["post"]?.object)
        let names = Set(operation["parameters"]?.array?.compactMap { $0.object?["name"]?.string } ?? [])
        #expect(names == ParsedRequest.knownOptions)
    }

    @Test func everyReferenceResolvesAndTheResultsAreTheCommittedSchemas() throws {
        let doc = try #require(document)
        let schemas = try #require(doc.object?["components"]?.object?["schemas"]?.object)
        var refs: [String] = []
        func collect(_ v: JSONValue) {
            switch v {
            case .object(let o):
                for (k, v) in o.members { if k == "$ref", let s = v.string { refs.append(s) } else { collect(v) } }
            case .array(let a): a.forEach(collect)
            default: break
            }
        }
        collect(doc)
        #expect(!refs.isEmpty)
        for ref in refs {
            #expect(ref.hasPrefix("#/components/schemas/") && schemas[String(ref.dropFirst("#/components/schemas/".count))] != nil, "\(ref)")
        }
        let committed = try #require(try SchemaValidator.committed().root.object?["$defs"]?.object)
        for (name, def) in committed.members { #expect(schemas[name] == OpenAPIDocument.rewritingRefs(def), "\(name)") }
    }

    @Test func healthAnswersAsDocumented() async throws {
        let doc = try #require(document)
        let schemas = try #require(doc.object?["components"]?.object?["schemas"])
        let validator = SchemaValidator(root: .object(JSONObject([("$defs", schemas)])))
        let health = await AnalysisService(configuration: ServerConfiguration(workers: 1)).health()
        #expect(validator.problems(health.body, against: "Health").isEmpty)
    }
}

@Suite struct ServerCertifyTests {
    @Test func certifyGivesACheckedProofAndIsRefusedWhereThereIsNone() async throws {
        let service = AnalysisService(configuration: ServerConfiguration(workers: 1))
        let bytes = try realBytes("withObsrvr-stellarbeat__nodes_2025-11-13.json")
        let a = await service.answer(.intersection, body: bytes, query: ["certify": "true"])
        #expect(a.status == 200)
        let certificate = try #require(a.body.object?["certificate"]?.object)
        #expect(certificate["certified"] == .bool(true))
        #expect(certificate["refutes"]?.string == "two disjoint quorums exist")
        let plain = await service.answer(.intersection, body: bytes, query: [:])
        #expect(plain.cacheHit == false && plain.body.object?["certificate"] == .null, "certify is part of the question")
        let refused = await service.answer(.topTier, body: bytes, query: ["certify": "true"])
        #expect(refused.status == 400)
    }
}
