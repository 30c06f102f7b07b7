/** The `service.name` values Milvus puts on its spans, as Jaeger lists them. */
export interface MilvusSpanServices {
  /** Milvus's Go code names its spans' service after the role the process runs as. */
  server: string;
  /** Its C++ search engine, segcore, whose exporter sends in fixed 5 s batches. */
  engine: string;
}

/** The role this project runs Milvus as (`milvus run standalone`): every component in one process. */
export const MILVUS_ROLE = "standalone";

/** A Milvus standalone's span services: what the stack outputs, and verify's default without a stack. */
export const MILVUS_STANDALONE_SPAN_SERVICES: MilvusSpanServices = { server: MILVUS_ROLE, engine: "segcore" };
