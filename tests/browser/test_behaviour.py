"""behaviour.js on its own: a posting form is sent once, a filter form every time, and a
field named "method" (finance's payments filter) breaks neither."""

from pathlib import Path

import gonghui

BEHAVIOUR = Path(gonghui.__file__).parent / "web/static/gonghui/behaviour.js"


def test_a_post_is_sent_once_a_get_every_time(phone_page):
    errors = []
    phone_page.on("pageerror", lambda e: errors.append(str(e)))
    phone_page.set_content(
        '<form id="filter" method="get"><select name="method"><option>cash</option></select>'
        "<button>go</button></form>"
        '<form id="pay" method="POST"><input name="method" value="cash"><button>pay</button></form>'
    )
    phone_page.add_script_tag(path=str(BEHAVIOUR))
    sent = phone_page.evaluate(
        """() => {
            const sent = {filter: 0, pay: 0};
            document.addEventListener("submit", (e) => {
                if (!e.defaultPrevented) sent[e.target.id]++;
                e.preventDefault();
            });
            for (const id of ["filter", "filter", "pay", "pay"]) {
                document.querySelector(`#${id} button`).click();
            }
            return sent;
        }"""
    )
    assert sent == {"filter": 2, "pay": 1}
    assert errors == []
