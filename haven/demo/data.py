"""Synthetic demo data for Connecticut. Public facts (districts, the three CACs whose
names are public) come from shared/reference/ct.json; every person is invented."""

DEMO_PASSWORD = "Haven-demo-2026!"
DEMO_EMAIL_DOMAIN = "demo.haven.test"

# CAC names confirmed from public pages, by judicial district; the rest are synthetic.
NAMED_CACS = {
    "New Haven": "South Central Child Advocacy Center",
    "Ansonia-Milford": "South Central Child Advocacy Center (Milford office)",
    "Fairfield": "The Center for Family Justice",
    "Stamford-Norwalk": "Children's Connection",
}

FIRST_NAMES = [
    "Ana",
    "Brian",
    "Carmen",
    "David",
    "Elena",
    "Frank",
    "Grace",
    "Hector",
    "Imani",
    "James",
    "Keisha",
    "Luis",
    "Maria",
    "Nathan",
    "Olivia",
    "Priya",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tanya",
]
LAST_NAMES = [
    "Alvarez",
    "Brennan",
    "Castillo",
    "Dubois",
    "Evans",
    "Fitzgerald",
    "Gomez",
    "Haddad",
    "Iverson",
    "Jackson",
    "Kowalski",
    "Lopez",
    "Morales",
    "Nguyen",
    "O'Connor",
    "Patel",
    "Rivera",
    "Santos",
    "Thompson",
    "Walsh",
]

# One demo user per discipline: (discipline, full name, agency role key).
DEMO_USERS = [
    ("security_officer", "Sam Okafor", "cac"),
    ("coordinator", "Carmen Reyes", "cac"),
    ("intake", "Ivy Chen", "cac"),
    ("forensic_interviewer", "Frances Moreau", "cac"),
    ("victim_advocate", "Vanessa Hall", "cac"),
    ("medical", "Dr. Maya Brooks", "hospital"),
    ("mental_health", "Dr. Noah Lindqvist", "mental_health"),
    ("law_enforcement", "Det. Luis Ortega", "police"),
    ("dcf", "Dana Whitaker", "dcf"),
    ("states_attorney", "Paula Grant", "states_attorney"),
    ("youth_services", "Yusuf Karim", "youth_services"),
    ("other_expert", "Olivia Stanton", "cac"),
    ("training_admin", "Terrence Boyd", "dcf"),
]

# DCF's statewide trafficking liaison: a DCF account that reads every team.
DEMO_LIAISON_EMAIL = f"dcf.liaison@{DEMO_EMAIL_DOMAIN}"
DEMO_LIAISON_NAME = "Lena Marsh"
