package io.emrdag.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

class AwsClientsTest {

    private static SdkHttpRequest afterInterceptor(long bodyLength) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol("http").host("127.0.0.1")
                .encodedPath("/b/k").putHeader("Expect", "100-continue").build();
        InterceptorContext context = InterceptorContext.builder().request(PutObjectRequest.builder().bucket("b").key("k").build())
                .httpRequest(request).requestBody(RequestBody.fromContentProvider(() -> java.io.InputStream.nullInputStream(), bodyLength, "text/x-python"))
                .build();
        return new AwsClients.NoExpectContinueForSmallBodies().modifyHttpRequest(context, new ExecutionAttributes());
    }

    @Test
    void aSmallUploadIsSentWithoutWaitingFor100Continue() {
        assertEquals(Optional.empty(), afterInterceptor(7_000).firstMatchingHeader("Expect"));
    }

    @Test
    void aLargeUploadStillAsksFirst() {
        assertEquals(Optional.of("100-continue"), afterInterceptor(AwsClients.NoExpectContinueForSmallBodies.THRESHOLD).firstMatchingHeader("Expect"));
    }

    @Test
    void aPlainHttpClientNeverOpensTls() {
        var noTls = new AwsClients.NoTls(java.net.URI.create("http://127.0.0.1:9"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(javax.net.ssl.SSLException.class, () -> noTls.createSocket(null))
                .getMessage().contains("plain http"));
    }
}
