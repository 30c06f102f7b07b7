import { stringify } from "yaml";

/**
 * Config of the etcd that Milvus standalone embeds (ETCD_CONFIG_PATH). Listening on every interface
 * stays inside the container: the platform never publishes the etcd port.
 */
export function renderEmbedEtcdConfig(): string {
  return stringify({
    "listen-client-urls": "http://0.0.0.0:2379",
    "advertise-client-urls": "http://0.0.0.0:2379",
    "quota-backend-bytes": 4294967296,
    "auto-compaction-mode": "revision",
    "auto-compaction-retention": "1000",
  });
}
