// The endpoint's CBOR read and written by Jackson's CBOR module, the library the AWS SDK for Java
// (v1 and v2) uses for Kinesis: requests are generated the way the SDK's SdkCborGenerator writes
// them (blobs with writeBinary, timestamps as tag 1 around epoch milliseconds), answers are
// parsed the way its unmarshallers read them (getBinaryValue, the tag, getLongValue).
// The real SDK is not used: its jars come only from Maven Central, which this machine cannot
// reach. Prints `N passed, M failed`. The URL is the argument, or $ENDPOINT_URL
// (`make peer-cbor-test` runs it under endpoint/tests/with_endpoint.sh):
//   java -cp jackson-core.jar:jackson-dataformat-cbor.jar JacksonCbor.java http://127.0.0.1:PORT

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

public class JacksonCbor {
    static final CBORFactory CBOR = new CBORFactory();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String url;
    static int passed, failed;

    /** A request body: name/value pairs; byte[] as blobs, Long wrapped in Millis as timestamps. */
    record Millis(long value) {}

    static byte[] body(Object... pairs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < pairs.length; i += 2) {
                g.writeFieldName((String) pairs[i]);
                Object v = pairs[i + 1];
                if (v instanceof byte[] b) g.writeBinary(b);
                else if (v instanceof Millis m) { g.writeTag(1); g.writeNumber(m.value()); }
                else if (v instanceof Integer n) g.writeNumber(n);
                else g.writeString((String) v);
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static HttpResponse<byte[]> call(String action, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-amz-cbor-1.1")
            .header("X-Amz-Target", "Kinesis_20131202." + action)
            .header("X-Amz-Date", "20260101T000000Z")
            .header("Authorization", "AWS4-HMAC-SHA256 Credential=sandbox/20260101/us-east-1/kinesis/"
                + "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        String type = r.headers().firstValue("content-type").orElse("");
        if (!type.equals("application/x-amz-cbor-1.1")) throw new AssertionError(action + ": " + type);
        return r;
    }

    /** Every scalar of an answer by its path (a.b.0.c), as the SDK's unmarshallers read it. */
    static Map<String, Object> read(byte[] bytes) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (CBORParser p = CBOR.createParser(bytes)) {
            walk(p, p.nextToken(), "", out);
        }
        return out;
    }

    static void walk(CBORParser p, JsonToken t, String path, Map<String, Object> out) throws Exception {
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                walk(p, p.nextToken(), path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            JsonToken next;
            while ((next = p.nextToken()) != JsonToken.END_ARRAY) walk(p, next, path + "." + i++, out);
        } else if (t == JsonToken.VALUE_EMBEDDED_OBJECT) {
            out.put(path, p.getBinaryValue());
        } else if (t == JsonToken.VALUE_NUMBER_INT && p.getCurrentTag() == 1) {
            out.put(path, new Millis(p.getLongValue()));
        } else {
            out.put(path, p.getText());
        }
    }

    static void check(String name, boolean ok, Object detail) {
        if (ok) { passed++; System.out.println("ok   " + name); }
        else { failed++; System.out.println("FAIL " + name + ": " + detail); }
    }

    public static void main(String[] args) throws Exception {
        url = args.length > 0 ? args[0] : System.getenv("ENDPOINT_URL");
        long before = System.currentTimeMillis();
        check("CreateStream", call("CreateStream", body("StreamName", "jackson", "ShardCount", 1)).statusCode() == 200, "");
        Map<String, Object> summary = read(call("DescribeStreamSummary", body("StreamName", "jackson")).body());
        Object created = summary.get("StreamDescriptionSummary.StreamCreationTimestamp");
        check("StreamCreationTimestamp is tag 1 epoch milliseconds",
            created instanceof Millis m && Math.abs(m.value() - before) < 60_000, created);

        byte[] data = {0, 1, 2, (byte) 254, (byte) 255};
        Map<String, Object> put = read(call("PutRecord",
            body("StreamName", "jackson", "Data", data, "PartitionKey", "k")).body());
        check("PutRecord", "shardId-000000000000".equals(put.get("ShardId")), put);

        Map<String, Object> it = read(call("GetShardIterator", body("StreamName", "jackson",
            "ShardId", "shardId-000000000000", "ShardIteratorType", "AT_TIMESTAMP",
            "Timestamp", new Millis(((Millis) created).value()))).body());
        Map<String, Object> got = read(call("GetRecords",
            body("ShardIterator", (String) it.get("ShardIterator"))).body());
        check("GetRecords Data is a byte string",
            got.get("Records.0.Data") instanceof byte[] b && Arrays.equals(b, data), got);
        check("ApproximateArrivalTimestamp is tag 1 epoch milliseconds",
            got.get("Records.0.ApproximateArrivalTimestamp") instanceof Millis m
                && m.value() >= ((Millis) created).value(), got);
        check("SequenceNumber round trip", put.get("SequenceNumber").equals(got.get("Records.0.SequenceNumber")), got);

        HttpResponse<byte[]> missing = call("DescribeStreamSummary", body("StreamName", "nope"));
        Map<String, Object> error = read(missing.body());
        check("errors are CBOR maps", missing.statusCode() == 400
            && "ResourceNotFoundException".equals(error.get("__type")), error);

        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
