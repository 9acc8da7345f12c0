"""Where a worker finds their own things: the list of pages on /me/.

Each capability with a page for the member (their aid, their cases, their jobs …)
declares it in its AppConfig.ready(), so /me/ links to every one without the members
package importing the capabilities built on it:

    memberpages.register(MemberPage("rights.mine", _("My rights cases"), "rights-mine", 20))

`order` places the link: lower first (aid 10, rights 20, welfare 30, employment 40,
competitions 50, innovation 60, honours 70, surveys 80, works 90).
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class MemberPage:
    key: str  # "rights.mine"
    label: str | Promise
    url_name: str  # reversed without arguments
    order: int
    note: str | Promise = ""  # one line under the link: what the member finds there


REGISTRY: dict[str, MemberPage] = {}


def register(page: MemberPage) -> MemberPage:
    if page.key in REGISTRY:
        raise ValueError(f"member page {page.key} registered twice")
    REGISTRY[page.key] = page
    return page


def pages() -> list[MemberPage]:
    return sorted(REGISTRY.values(), key=lambda p: (p.order, p.key))
