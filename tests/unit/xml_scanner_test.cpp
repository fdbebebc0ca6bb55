#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <gtest/gtest.h>

#include <string>

namespace pgdatahub::workbook {
namespace {

// Renders the event stream compactly: <name a=v> </name> "text".
std::string trace(XmlScanner& scanner) {
  std::string out;
  for (;;) {
    switch (scanner.next()) {
      case XmlEvent::StartElement:
        out += "<" + std::string(scanner.name());
        for (const auto& a : scanner.attributes())
          out += " " + std::string(a.name) + "=" + std::string(a.value);
        out += ">";
        break;
      case XmlEvent::EndElement:
        out += "</" + std::string(scanner.name()) + ">";
        break;
      case XmlEvent::Text:
        out += "\"" + std::string(scanner.text()) + "\"";
        break;
      case XmlEvent::End:
        return out;
    }
  }
}

std::string trace(std::string_view xml) {
  XmlScanner scanner(xml);
  return trace(scanner);
}

// A source that hands out one byte at a time, to split every token.
class TrickleSource final : public ByteSource {
 public:
  explicit TrickleSource(std::string_view data) : m_data(data) {}
  std::size_t read(std::span<char> out) override {
    if (m_data.empty() || out.empty()) return 0;
    out[0] = m_data[0];
    m_data.remove_prefix(1);
    return 1;
  }

 private:
  std::string_view m_data;
};

FileFailure failure_of(std::string_view xml) {
  try {
    trace(xml);
  } catch (const FileError& e) {
    return e.failure();
  }
  ADD_FAILURE() << "no FileError for " << xml;
  return FileFailure::Io;
}

TEST(XmlScanner, ElementsAttributesAndText) {
  EXPECT_EQ(trace(R"(<?xml version="1.0"?><a x="1" y='2'><b/>hi<c z = "3" >t</c></a>)"),
            R"(<a x=1 y=2><b></b>"hi"<c z=3>"t"</c></a>)");
}

TEST(XmlScanner, NamespacePrefixesAreStripped) {
  XmlScanner scanner(R"(<x:row xmlns:x="ns" x:r="5"><x:c r="A1"/></x:row>)");
  ASSERT_EQ(scanner.next(), XmlEvent::StartElement);
  EXPECT_EQ(scanner.name(), "row");
  EXPECT_EQ(scanner.qualified_name(), "x:row");
  EXPECT_EQ(scanner.attribute("r"), "5");
  EXPECT_FALSE(scanner.attribute("x").has_value());  // a namespace declaration, not an attribute
  ASSERT_EQ(scanner.next(), XmlEvent::StartElement);
  EXPECT_EQ(scanner.name(), "c");
  EXPECT_EQ(scanner.depth(), 2U);
  ASSERT_EQ(scanner.next(), XmlEvent::EndElement);
  EXPECT_EQ(scanner.name(), "c");
}

TEST(XmlScanner, EntitiesAndCharacterReferences) {
  EXPECT_EQ(trace("<a v=\"&lt;&amp;&gt;\">&quot;&apos;&#65;&#x42;&#xe9;&#x1F680;&bogus;</a>"),
            "<a v=<&>>\"\"'AB\xC3\xA9\xF0\x9F\x9A\x80&bogus;\"</a>");
}

TEST(XmlScanner, CdataCommentsAndProcessingInstructions) {
  EXPECT_EQ(trace("<a><!-- <b> --><![CDATA[<x>&amp;]]><?pi stuff?>z</a>"),
            "<a>\"<x>&amp;\"\"z\"</a>");
}

TEST(XmlScanner, DoctypeIsRefused) {
  EXPECT_EQ(failure_of("<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><a>&lol;</a>"),
            FileFailure::ResourceLimit);
  EXPECT_EQ(failure_of("<a><!ENTITY x \"y\"></a>"), FileFailure::ResourceLimit);
}

TEST(XmlScanner, TruncatedDocumentIsReported) {
  EXPECT_EQ(failure_of("<a><b x=\"1"), FileFailure::Truncated);
  EXPECT_EQ(failure_of("<a><b>text"), FileFailure::Truncated);
  EXPECT_EQ(failure_of("<a>"), FileFailure::Truncated);
}

TEST(XmlScanner, MalformedMarkupIsCorrupt) {
  EXPECT_EQ(failure_of("<a x=1></a>"), FileFailure::Corrupt);
  EXPECT_EQ(failure_of("</a>"), FileFailure::Corrupt);
  EXPECT_EQ(failure_of("<a/ ></a>"), FileFailure::Corrupt);
}

TEST(XmlScanner, TokensSplitAcrossEveryBoundary) {
  const std::string xml =
      "<?xml version=\"1.0\"?><root><row r=\"1\"><c r=\"A1\" t=\"s\"><v>12</v></c>"
      "<c r=\"B1\"><is><t>a&amp;b<![CDATA[c]]></t></is></c></row><!-- end --></root>";
  TrickleSource trickle(xml);
  XmlScanner scanner(trickle, 64);
  EXPECT_EQ(trace(scanner), trace(xml));
}

TEST(XmlScanner, LongTextGrowsTheBuffer) {
  const std::string body(1 << 20, 'x');
  const std::string xml = "<a>" + body + "</a>";
  MemorySource source(xml);
  XmlScanner scanner(source, 1024);
  ASSERT_EQ(scanner.next(), XmlEvent::StartElement);
  ASSERT_EQ(scanner.next(), XmlEvent::Text);
  EXPECT_EQ(scanner.text().size(), body.size());
}

TEST(XmlScanner, OversizedTokenHitsTheLimit) {
  const std::string xml = "<a>" + std::string(10000, 'x') + "</a>";
  MemorySource source(xml);
  XmlScanner scanner(source, 256, 4096);
  ASSERT_EQ(scanner.next(), XmlEvent::StartElement);
  try {
    scanner.next();
    FAIL();
  } catch (const FileError& e) {
    EXPECT_EQ(e.failure(), FileFailure::ResourceLimit);
  }
}

TEST(XmlScanner, SkipElementSkipsNestedContent) {
  XmlScanner scanner("<a><b><c/><d>x</d></b><e/></a>");
  ASSERT_EQ(scanner.next(), XmlEvent::StartElement);
  ASSERT_EQ(scanner.next(), XmlEvent::StartElement);
  scanner.skip_element();
  ASSERT_EQ(scanner.next(), XmlEvent::StartElement);
  EXPECT_EQ(scanner.name(), "e");
}

TEST(XmlScanner, LineEndsAreNormalizedBeforeAnythingElse) {
  // XML 1.0, 2.11: CR LF and a lone CR reach the application as LF, in text,
  // CDATA and attribute values; a character reference to CR is data and stays.
  EXPECT_EQ(trace("<a v=\"1\r\n2\">x\r\ny\rz<![CDATA[p\r\nq]]>&#13;&#xD;\n</a>"),
            "<a v=1\n2>\"x\ny\nz\"\"p\nq\"\"\r\r\n\"</a>");
  // The same with every byte in its own read, so a CR LF spans two reads.
  const std::string xml = "<a>1\r\n\r\n2\r</a>";
  TrickleSource trickle(xml);
  XmlScanner scanner(trickle, 64);
  std::string text;
  for (XmlEvent event; (event = scanner.next()) != XmlEvent::End;) {
    if (event == XmlEvent::Text) text += scanner.text();
  }
  EXPECT_EQ(text, "1\n\n2\n");
}

TEST(XmlScanner, TextBeforeTheRootElementIsCorrupt) {
  EXPECT_EQ(failure_of("Name,Amount\n<worksheet><sheetData/></worksheet>"), FileFailure::Corrupt);
  EXPECT_EQ(failure_of("<?xml version=\"1.0\"?>junk<a/>"), FileFailure::Corrupt);
  EXPECT_EQ(failure_of("only text, no element at all"), FileFailure::Corrupt);
  // Whitespace and a UTF-8 byte order mark are no text.
  EXPECT_EQ(trace("\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n  <a>x</a>\n"), "\"\n  \"<a>\"x\"</a>");
}

std::string utf16(std::u16string_view text, bool big_endian, bool bom) {
  std::string out;
  auto put = [&](char16_t unit) {
    const auto high = static_cast<char>(unit >> 8);
    const auto low = static_cast<char>(unit & 0xFF);
    out += big_endian ? high : low;
    out += big_endian ? low : high;
  };
  if (bom) put(u'\xFEFF');
  for (char16_t unit : text) put(unit);
  return out;
}

TEST(XmlScanner, Utf16PartsAreDecodedAsTheyStream) {
  const std::u16string xml =
      u"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<a t=\"é\">Zürich 😀 &amp;</a>";
  const std::string expected = "\"\n\"<a t=é>\"Zürich 😀 &\"</a>";
  for (const bool big_endian : {false, true}) {
    for (const bool bom : {true, false}) {
      SCOPED_TRACE(std::string(big_endian ? "big" : "little") + (bom ? " endian, BOM" : " endian"));
      const std::string bytes = utf16(xml, big_endian, bom);
      EXPECT_EQ(trace(bytes), expected);
      TrickleSource trickle(bytes);
      XmlScanner scanner(trickle, 64);
      EXPECT_EQ(trace(scanner), expected);
    }
  }
  // A part longer than one read: nothing of the first block is lost.
  const std::u16string long_text(300'000, u'\u00e9');
  const std::string long_part = utf16(u"<a>" + long_text + u"</a>", false, true);
  XmlScanner scanner(long_part);
  std::size_t decoded = 0;
  for (XmlEvent event; (event = scanner.next()) != XmlEvent::End;) {
    if (event == XmlEvent::Text) decoded += scanner.text().size();
  }
  EXPECT_EQ(decoded, 2 * long_text.size());
  // An unpaired surrogate becomes U+FFFD instead of invalid UTF-8.
  EXPECT_EQ(trace(utf16(u"<a>x\xD800y</a>", false, true)), "<a>\"x\xEF\xBF\xBDy\"</a>");
}

TEST(XmlEntities, DecodeInPlace) {
  std::string s = "a&amp;&#x41;&#0065;&";
  s.resize(decode_xml_entities(s.data(), s.size()));
  EXPECT_EQ(s, "a&AA&");
}

}  // namespace
}  // namespace pgdatahub::workbook
