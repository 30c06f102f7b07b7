import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { TlsMaterial } from "../services/tlsMaterial";

export interface OtlpCertificateAuthorityArgs {
  /** Names the server certificate must be valid for: how Milvus and the deployer reach Jaeger. */
  dnsNames: string[];
  ipAddresses: pulumi.Input<string[]>;
}

const ONE_YEAR_HOURS = 24 * 365;

/**
 * A private CA and a server certificate for Jaeger's OTLP receivers, generated and kept in the
 * stack's state (keys as secrets). Milvus and verify trust the CA; nothing else has to.
 */
export class OtlpCertificateAuthority extends pulumi.ComponentResource {
  readonly material: TlsMaterial;
  readonly caPem: pulumi.Output<string>;

  constructor(name: string, args: OtlpCertificateAuthorityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:tls:OtlpCertificateAuthority", name, {}, opts);
    const child = { parent: this };

    const caKey = new tls.PrivateKey(`${name}-ca-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, child);
    const ca = new tls.SelfSignedCert(
      `${name}-ca`,
      {
        privateKeyPem: caKey.privateKeyPem,
        isCaCertificate: true,
        subject: { commonName: "milvus-tracing OTLP CA", organization: "milvus-tracing" },
        validityPeriodHours: 5 * ONE_YEAR_HOURS,
        allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
      },
      child,
    );

    const serverKey = new tls.PrivateKey(`${name}-server-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, child);
    const request = new tls.CertRequest(
      `${name}-server-request`,
      {
        privateKeyPem: serverKey.privateKeyPem,
        subject: { commonName: args.dnsNames[0] ?? "jaeger" },
        dnsNames: args.dnsNames,
        ipAddresses: args.ipAddresses,
      },
      child,
    );
    const server = new tls.LocallySignedCert(
      `${name}-server`,
      {
        certRequestPem: request.certRequestPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        caCertPem: ca.certPem,
        validityPeriodHours: ONE_YEAR_HOURS,
        earlyRenewalHours: 30 * 24,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
      },
      child,
    );

    this.caPem = ca.certPem;
    this.material = { caPem: ca.certPem, certPem: server.certPem, keyPem: pulumi.secret(serverKey.privateKeyPem) };
    this.registerOutputs({ caPem: this.caPem });
  }
}
