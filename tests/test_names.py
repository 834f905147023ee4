"""Registry names as a sentence reads them: reordered, never reworded."""
import pytest

from summarizer.names import country_name, in_country, is_plural, natural_order


@pytest.mark.parametrize("name, natural", [
    ("Carcinoma, Hepatocellular", "Hepatocellular Carcinoma"),
    ("Diabetes Mellitus, Type 2", "Type 2 Diabetes Mellitus"),
    ("Rhinitis, Allergic, Perennial", "Perennial Allergic Rhinitis"),
    ("Pulmonary Disease, Chronic Obstructive", "Chronic Obstructive Pulmonary Disease"),
    ("Suicide, Attempted", "Attempted Suicide"),
    # not inverted: a list, a long head, an acronym, a number, "and", more than three parts
    ("Myocardial Ischemia, Angina Pectoris", "Myocardial Ischemia, Angina Pectoris"),
    ("Acute Bronchial Obstruction, Asthma", "Acute Bronchial Obstruction, Asthma"),
    ("Diabetes, NOS", "Diabetes, NOS"),
    ("Chronic Obstructive Pulmonary Disease, COPD", "Chronic Obstructive Pulmonary Disease, COPD"),
    ("Nausea and Vomiting, Chemotherapy-Induced", "Nausea and Vomiting, Chemotherapy-Induced"),
    ("Cephalic Phase, Oncology Patients", "Cephalic Phase, Oncology Patients"),
    ("Hepatitis, Viral, Non-A, Non-B, Parenterally-Transmitted", "Hepatitis, Viral, Non-A, Non-B, Parenterally-Transmitted"),
    ("Vitamin D, 1000", "Vitamin D, 1000"),
])
def test_inverted_registry_names_are_put_back_in_natural_order(name, natural):
    assert natural_order(name) == natural
    assert sorted(natural_order(name).replace(",", "").split()) == sorted(name.replace(",", "").split())


@pytest.mark.parametrize("name, plural", [
    ("Helicobacter Infections", True), ("Neoplasms", True), ("Injuries", True), ("Veterans", True),
    ("Diabetes", False), ("Type 2 Diabetes Mellitus", False), ("Psoriasis", False), ("Lupus", False),
    ("Stress", False), ("AIDS", False), ("Dental Caries", False), ("Preterm Premature Rupture of Membranes", False),
    ("Prediabetes", False), ("Obstetrics", False),
])
def test_plural_names_are_told_apart_from_names_ending_in_s(name, plural):
    assert is_plural(name) is plural


@pytest.mark.parametrize("name, said", [
    ("Korea, Republic of", "the Republic of Korea"),
    ("Iran, Islamic Republic of", "the Islamic Republic of Iran"),
    ("Congo, The Democratic Republic of the", "the Democratic Republic of the Congo"),
    ("United States", "the United States"), ("United Kingdom", "the United Kingdom"),
    ("Netherlands", "the Netherlands"), ("Philippines", "the Philippines"), ("Czech Republic", "the Czech Republic"),
    ("Russian Federation", "the Russian Federation"), ("France", "France"), ("South Africa", "South Africa"),
])
def test_countries_read_as_after_in(name, said):
    assert in_country(name) == said
    assert country_name(name) == said.removeprefix("the ")
