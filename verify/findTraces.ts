import { EXIT, type ExitCode } from "./exitCodes";
import { JaegerQuery } from "./jaegerQuery";
import type { FindOptions, VerifyOptions } from "./options";
import { resolveJaegerTarget } from "./target";
import { listTraces, noTracesLine, renderTraceList, searchDepth, type TraceList, type TraceSearch } from "./traceList";

/** What `--find --json` prints: the list, and when it is empty the line that says why. */
export interface FoundTraces extends TraceList {
  note: string | undefined;
}

/**
 * `--find`: the search page of Jaeger's UI for a terminal: the traces of a window, slowest first,
 * each with the server step `--show` would mark. Only the query API is needed, found as for --show.
 */
export async function findTraces(options: VerifyOptions, find: FindOptions, write: (text: string) => void): Promise<ExitCode> {
  const target = await resolveJaegerTarget(options);
  try {
    // A deep search of a busy Badger store takes longer than one trace by id.
    const jaeger = new JaegerQuery(target.jaegerQueryUrl, options.timeoutSeconds * 1000, target.jaegerLogin);
    const endMs = Date.now();
    const search: TraceSearch = {
      service: find.service ?? target.milvusSpanServices.server,
      operation: find.operation,
      minDurationUs: find.minDurationUs,
      startUs: endMs * 1000 - find.sinceUs,
      endUs: endMs * 1000,
      since: find.since,
      limit: find.limit,
    };
    const filters = { operation: search.operation, minDurationUs: search.minDurationUs };
    const answer = await jaeger.traces(search.service, search.startUs / 1000, endMs, searchDepth(search.limit), filters);
    const { server, engine } = target.milvusSpanServices;
    const list = listTraces(target.jaegerQueryUrl, search, answer, [server, engine]);
    // Jaeger's services are asked for only to explain an empty list: a misspelt service is the usual cause.
    const note = list.traces.length === 0 ? noTracesLine(list, await jaeger.services()) : undefined;
    if (options.json) write(JSON.stringify({ ...list, note } satisfies FoundTraces, null, 2));
    else write(note ?? renderTraceList(list).join("\n"));
    return list.traces.length > 0 ? EXIT.pass : EXIT.fail;
  } finally {
    await target.close();
  }
}
