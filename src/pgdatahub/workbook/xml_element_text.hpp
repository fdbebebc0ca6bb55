#pragma once
// The walk the markup readers (ODS, SpreadsheetML) make through one cell:
// from the element just started to its end tag, the text that sits inside
// chosen child elements (ODS paragraphs, SpreadsheetML's <Data>) is the
// value; the reader decides what each child element is.
#include <pgdatahub/workbook/xml_scanner.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pgdatahub::workbook {

// What to do with a child element met inside the walked element.
enum class ChildElement : std::uint8_t {
  Enter,  // read on inside it (formatting, or an element the reader handled)
  Text,   // its text, and the text of what it holds, is the value
  Skip,   // neither it nor anything it holds is the value (comments, drawings)
};

// Throws FileError(Truncated) with `message`: the document ended inside an element.
[[noreturn]] void throw_ended_inside(std::string_view message);

// Reads from the start tag `xml` stands on through its end tag. Each child
// element start goes to `on_element(in_text)` (in_text: inside an element it
// returned Text for), which returns a ChildElement; each piece of text inside
// a Text element goes to `on_text(text)`. Throws FileError(Truncated) with
// `truncated` when the document ends first.
template <typename OnElement, typename OnText>
void read_element_text(XmlScanner& xml, std::string_view truncated, OnElement&& on_element,
                       OnText&& on_text) {
  const std::size_t element_depth = xml.depth();
  std::size_t text_depth = 0;  // 0: outside any Text element
  while (true) {
    const XmlEvent event = xml.next();
    if (event == XmlEvent::End) throw_ended_inside(truncated);
    if (event == XmlEvent::EndElement) {
      if (xml.depth() < element_depth) return;
      if (xml.depth() < text_depth) text_depth = 0;
      continue;
    }
    if (event == XmlEvent::Text) {
      if (text_depth != 0) on_text(xml.text());
      continue;
    }
    switch (on_element(text_depth != 0)) {
      case ChildElement::Text:
        text_depth = xml.depth();
        break;
      case ChildElement::Skip:
        xml.skip_element();
        break;
      case ChildElement::Enter:
        break;
    }
  }
}

}  // namespace pgdatahub::workbook
