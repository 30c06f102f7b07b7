package example;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The tutorial's calls against Milvus. Run under the OpenTelemetry Java agent, which turns each
 * gRPC call into a client span carrying a W3C traceparent, so Milvus's spans join the trace.
 * MILVUS_ADDRESS is the stack's milvusAddress, MILVUS_TOKEN (optional) user:password from its
 * credentials output; the agent reads the OTEL_* variables.
 */
public final class Tutorial {
  private static final String COLLECTION = "tracing_demo_java";
  private static final int DIMENSION = 8;
  private static final int ROWS = 100;

  public static void main(String[] args) {
    String address = System.getenv().getOrDefault("MILVUS_ADDRESS", "127.0.0.1:19530");
    ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder().uri("http://" + address);
    String token = System.getenv("MILVUS_TOKEN");
    if (token != null && !token.isEmpty()) {
      // "user:password"; the SDK sends it as the authorization header of every call.
      config.token(token);
    }
    MilvusClientV2 client = new MilvusClientV2(config.build());
    try {
      tutorial(client);
    } finally {
      client.close();
    }
  }

  /** The one root span: every Milvus call below is its child. */
  @WithSpan("tutorial")
  static void tutorial(MilvusClientV2 client) {
    System.out.println(Span.current().getSpanContext().getTraceId());

    if (client.hasCollection(HasCollectionReq.builder().collectionName(COLLECTION).build())) {
      client.dropCollection(DropCollectionReq.builder().collectionName(COLLECTION).build());
    }
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).autoID(false).build());
    schema.addField(AddFieldReq.builder().fieldName("vector").dataType(DataType.FloatVector).dimension(DIMENSION).build());
    IndexParam index = IndexParam.builder().fieldName("vector").indexType(IndexParam.IndexType.FLAT).metricType(IndexParam.MetricType.L2).build();
    // With index parameters the SDK also creates the index and loads the collection.
    client.createCollection(CreateCollectionReq.builder().collectionName(COLLECTION).collectionSchema(schema).indexParams(List.of(index)).build());

    Random random = new Random();
    List<JsonObject> rows = new ArrayList<>();
    List<Float> first = null;
    for (int id = 0; id < ROWS; id++) {
      List<Float> vector = new ArrayList<>();
      JsonArray json = new JsonArray();
      for (int i = 0; i < DIMENSION; i++) {
        float value = random.nextFloat();
        vector.add(value);
        json.add(value);
      }
      if (first == null) first = vector;
      JsonObject row = new JsonObject();
      row.addProperty("id", id);
      row.add("vector", json);
      rows.add(row);
    }
    client.insert(InsertReq.builder().collectionName(COLLECTION).data(rows).build());

    SearchResp result = client.search(SearchReq.builder().collectionName(COLLECTION)
        .data(List.of(new FloatVec(first))).topK(3).consistencyLevel(ConsistencyLevel.STRONG).build());
    List<SearchResp.SearchResult> hits = result.getSearchResults().get(0);
    System.err.println("search: " + hits.size() + " hits, nearest id " + hits.get(0).getId());
  }
}
