from gonghui.accounts.selectors import writers_at_or_above


def test_writers_at_or_above_a_union_nearest_first(world):
    """Whom a seeker or a case of the enterprise union can be given to: its cadre, then the
    county's and the province's staff; never a sibling county, a leader who only reads,
    an auditor, a member or someone no longer active."""
    assert writers_at_or_above(world.grassroots) == [
        world.cadre,
        world.county_staff,
        world.province_staff,
    ]
    world.county_staff.is_active = False
    world.county_staff.save(update_fields=["is_active"])
    assert writers_at_or_above(world.grassroots) == [world.cadre, world.province_staff]
    assert writers_at_or_above(world.grassroots, limit=1) == [world.cadre]
    assert writers_at_or_above(world.sibling) == [world.sibling_staff, world.province_staff]
