// Reads an .xls with Apache POI and writes it again: encrypted when
// OFFICE_PASSWORD is set (POI's HSSF writer uses RC4 CryptoAPI, the scheme
// of Excel 2002-2003), plain otherwise. For the tests that encrypt workbooks
// on the fly; run as a single-file program:
//   java -cp POI_JARS SaveXlsWithPoi.java INPUT OUTPUT
// The password comes in the environment, never the command line.
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;

public class SaveXlsWithPoi {
  public static void main(String[] args) throws Exception {
    try (InputStream in = new FileInputStream(args[0]);
         HSSFWorkbook book = new HSSFWorkbook(in)) {
      Biff8EncryptionKey.setCurrentUserPassword(System.getenv("OFFICE_PASSWORD"));
      try (OutputStream out = new FileOutputStream(args[1])) {
        book.write(out);
      }
    }
  }
}
