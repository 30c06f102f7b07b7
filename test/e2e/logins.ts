import { milvusClientAs } from "../../components/credentials/milvusRootPassword";
import { basicAuthorization, type Login } from "../../verify/login";
import { startTelemetry } from "../../verify/telemetry";

/** What ListCollections gets from Milvus with `login` (or none): "ok", or why it was refused. */
export async function milvusAnswers(address: string, login: Login | undefined): Promise<string> {
  const client = milvusClientAs(address, login);
  try {
    const result = await client.showCollections();
    return result.status.error_code === "Success" ? "ok" : `refused: ${result.status.reason}`;
  } catch (error) {
    return `refused: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.closeConnection().catch(() => undefined);
  }
}

/** The HTTP status of a GET of the query API with `login` (or none). */
export async function queryStatus(url: string, login: Login | undefined): Promise<number> {
  const response = await fetch(`${url}/api/services`, { headers: login ? { authorization: basicAuthorization(login) } : {} });
  await response.arrayBuffer();
  return response.status;
}

/** Exports one span over OTLP gRPC with TLS and `login`: why the receiver refused it, or [] when it took it. */
export async function otlpExportFailures(endpoint: string, caPem: string, login: Login | undefined): Promise<string[]> {
  const telemetry = startTelemetry({ serviceName: "milvus-tracing-login-probe", otlpEndpoint: endpoint, secure: true, caPem, login });
  telemetry.tracer.startSpan("login probe").end();
  await telemetry.flush();
  await telemetry.shutdown();
  return telemetry.exportFailures;
}
