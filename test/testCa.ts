import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestCa {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A throwaway CA (openssl) and a server certificate for `dnsNames` and 127.0.0.1. */
export async function makeTestCa(dir: string, dnsNames: readonly string[] = ["localhost"]): Promise<TestCa> {
  const path = (name: string) => join(dir, name);
  const openssl = (args: string[]) => run("openssl", args, { cwd: dir });
  await openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("ca-key.pem"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=milvus-tracing test CA"]);
  await openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("server-key.pem"), "-out", path("server.csr"), "-subj", `/CN=${dnsNames[0] ?? "localhost"}`]);
  const names = [...dnsNames.map((name) => `DNS:${name}`), "IP:127.0.0.1"].join(",");
  writeFileSync(path("san.ext"), `subjectAltName=${names}\nextendedKeyUsage=serverAuth\n`);
  await openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca-key.pem"), "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("san.ext")]);
  return { caFile: path("ca.pem"), certFile: path("server.pem"), keyFile: path("server-key.pem") };
}
