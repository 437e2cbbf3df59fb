"""The parts of the OneRoster CSV binding (1.1 and 1.2) this importer reads.

Headers are case-sensitive and must appear in this order; extension columns named
`metadata.*` may follow on the right.
"""

from __future__ import annotations

VERSIONS = ("1.1", "1.2")

# Files in the order they are applied (later files refer to earlier ones).
FILES = ("orgs", "academicSessions", "courses", "classes", "users", "roles", "enrollments",
         "demographics")

COMMON = ("sourcedId", "status", "dateLastModified")

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "1.1": {
        "orgs": (*COMMON, "name", "type", "identifier", "parentSourcedId"),
        "academicSessions": (*COMMON, "title", "type", "startDate", "endDate", "parentSourcedId",
                             "schoolYear"),
        "courses": (*COMMON, "schoolYearSourcedId", "title", "courseCode", "grades",
                    "orgSourcedId", "subjects", "subjectCodes"),
        "classes": (*COMMON, "title", "grades", "courseSourcedId", "classCode", "classType",
                    "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes",
                    "periods"),
        "users": (*COMMON, "enabledUser", "orgSourcedIds", "role", "username", "userIds",
                  "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone",
                  "agentSourcedIds", "grades", "password"),
        "enrollments": (*COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role",
                        "primary", "beginDate", "endDate"),
        "demographics": (*COMMON, "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
                         "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander",
                         "white", "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity",
                         "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth",
                         "publicSchoolResidenceStatus"),
    },
}
HEADERS["1.2"] = {
    **HEADERS["1.1"],
    "users": (*COMMON, "enabledUser", "username", "userIds", "givenName", "familyName",
              "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
              "password", "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName",
              "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns"),
    "roles": (*COMMON, "userSourcedId", "roleType", "role", "beginDate", "endDate",
              "orgSourcedId", "userProfileSourcedId"),
}

# Columns a file must have (the standard's required fields); any other may be left out of
# the header and is read as empty.
REQUIRED: dict[str, tuple[str, ...]] = {
    "orgs": (*COMMON, "name", "type"),
    "academicSessions": (*COMMON, "title", "type", "startDate", "endDate", "schoolYear"),
    "courses": (*COMMON, "title", "orgSourcedId"),
    "classes": (*COMMON, "title", "courseSourcedId", "classType", "schoolSourcedId",
                "termSourcedIds"),
    "users": (*COMMON, "enabledUser", "orgSourcedIds", "role", "username", "givenName",
              "familyName"),
    "roles": (*COMMON, "userSourcedId", "roleType", "role", "orgSourcedId"),
    "enrollments": (*COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    "demographics": COMMON,
}


def required_columns(version: str, name: str) -> tuple[str, ...]:
    if version == "1.2" and name == "users":  # 1.2 moved a user's orgs and role to roles.csv
        return (*COMMON, "enabledUser", "username", "givenName", "familyName")
    return REQUIRED[name]


ORG_TYPES = {"department", "school", "district", "local", "state", "national"}
SESSION_TYPES = {"gradingPeriod", "semester", "schoolYear", "term"}
CLASS_TYPES = {"homeroom", "scheduled"}
USER_ROLES = {
    "1.1": {"administrator", "aide", "guardian", "parent", "proctor", "relative", "student",
            "teacher"},
    "1.2": {"aide", "counselor", "districtAdministrator", "guardian", "parent", "principal",
            "proctor", "relative", "siteAdministrator", "student", "systemAdministrator",
            "teacher", "administrator"},
}
ENROLLMENT_ROLES = {"administrator", "proctor", "student", "teacher", "aide", "guardian",
                    "parent", "relative"}

# OneRoster role -> the app's staff role. Family users (guardian, parent, relative) are not
# accounts: each becomes a guardian of the students its agentSourcedIds name.
STAFF_ROLES = {
    "teacher": "gen_ed_teacher", "aide": "gen_ed_teacher", "proctor": "gen_ed_teacher",
    "counselor": "gen_ed_teacher",
    "administrator": "school_admin", "principal": "school_admin",
    "siteAdministrator": "school_admin", "districtAdministrator": "school_admin",
    "systemAdministrator": "school_admin",
}
FAMILY_ROLES = {"guardian", "parent", "relative"}
