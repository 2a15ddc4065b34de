package org.openrom.cds;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty raises itself (a malformed request line, a bad header, a body that stalls) in the service's own
 * JSON, with the standard reason phrase only: no HTML, no server name, no version, nothing of the request.
 */
final class JsonErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String reason = HttpStatus.getMessage(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(("{\"status\":" + code + ",\"message\":\"" + reason.replace("\"", "'")
                + "\"}").getBytes(StandardCharsets.UTF_8)), callback);
    }
}
