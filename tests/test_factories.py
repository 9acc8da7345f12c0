"""The factories' own promises, which every other test leans on."""

from stdnum.cn import ric

from .factories import id_number


def test_id_numbers_stay_unique_past_a_few_hundred_people():
    # The scope matrix makes hundreds of people in one test; the sequence code used to
    # come round again after 500 numbers of anything (phones, membership numbers).
    men = [id_number() for _ in range(1200)]
    women = [id_number(male=False) for _ in range(600)]
    old = [id_number(birth="19500101") for _ in range(3)]
    numbers = men + women + old
    assert len(set(numbers)) == len(numbers)
    assert all(ric.calc_check_digit(n[:17] + "0") == n[17] for n in numbers)
    assert {int(n[16]) % 2 for n in men} == {1} and {int(n[16]) % 2 for n in women} == {0}
    assert {n[6:14] for n in old} == {"19500101"}
