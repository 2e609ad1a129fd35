package jp.sekisho.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

class QrCodeTest {

    private static final String URI = "otpauth://totp/Sekisho:tanaka?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            + "&issuer=Sekisho&algorithm=SHA1&digits=6&period=30";

    @Test
    void theSvgDrawsACodeThatAReaderDecodesBackToTheUri() throws Exception {
        String dataUri = QrCode.svgDataUri(URI);
        assertTrue(dataUri.startsWith("data:image/svg+xml;base64,"));
        String svg = new String(Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1)),
                StandardCharsets.UTF_8);

        assertEquals(URI, new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(raster(svg)))).getText());
    }

    /** Paints the SVG's unit squares at four pixels per module, as a screen would show them. */
    private static RGBLuminanceSource raster(String svg) {
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) \\1\"").matcher(svg);
        assertTrue(box.find(), svg);
        int modules = Integer.parseInt(box.group(1));
        int scale = 4;
        int side = modules * scale;
        int[] pixels = new int[side * side];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        Matcher square = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
        while (square.find()) {
            int x = Integer.parseInt(square.group(1));
            int y = Integer.parseInt(square.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * side + x * scale + dx] = 0;
                }
            }
        }
        return new RGBLuminanceSource(side, side, pixels);
    }
}
