"""Reminders sent before notifications named their student: the student, from the reminder's
dedupe key (each sweep's key names its subject: a student, an IEP, a service line, a goal, a
data request, a makeup, a meeting or a follow-up). A key that names nothing known stays
without a student and keeps showing."""

from django.db import migrations

BACKFILL = """
WITH part AS (
    SELECT id, split_part(dedupe_key, ':', 1) AS prefix,
           CASE WHEN split_part(dedupe_key, ':', 2) ~ '^[0-9]{1,18}$'
                THEN split_part(dedupe_key, ':', 2)::bigint END AS second,
           CASE WHEN split_part(dedupe_key, ':', 3) ~ '^[0-9]{1,18}$'
                THEN split_part(dedupe_key, ':', 3)::bigint END AS third
    FROM iep_portal_notification
    WHERE student_id IS NULL
), found AS (
    SELECT part.id, CASE part.prefix
        WHEN 'family-contact' THEN (SELECT s.id FROM students_student s WHERE s.id = part.second)
        WHEN 'checks-missing' THEN (SELECT s.id FROM students_student s WHERE s.id = part.third)
        WHEN 'deadline' THEN (SELECT i.student_id FROM students_iep i WHERE i.id = part.third)
        WHEN 'unacknowledged' THEN (SELECT i.student_id FROM students_iep i WHERE i.id = part.second)
        WHEN 'progress-report' THEN (SELECT i.student_id FROM students_iep i WHERE i.id = part.second)
        WHEN 'minutes-behind' THEN (
            SELECT i.student_id FROM services_servicerequirement r
            JOIN students_iep i ON i.id = r.iep_id WHERE r.id = part.second)
        WHEN 'minutes-owed' THEN (
            SELECT i.student_id FROM services_servicerequirement r
            JOIN students_iep i ON i.id = r.iep_id WHERE r.id = part.second)
        WHEN 'makeup-overdue' THEN (
            SELECT i.student_id FROM makeups_plannedmakeup m
            JOIN services_servicerequirement r ON r.id = m.requirement_id
            JOIN students_iep i ON i.id = r.iep_id WHERE m.id = part.second)
        WHEN 'data-stale' THEN (
            SELECT i.student_id FROM progress_goal g
            JOIN students_iep i ON i.id = g.iep_id WHERE g.id = part.second)
        WHEN 'data-request' THEN (
            SELECT i.student_id FROM progress_datarequest d
            JOIN progress_goal g ON g.id = d.goal_id
            JOIN students_iep i ON i.id = g.iep_id WHERE d.id = part.second)
        WHEN 'follow-up' THEN (
            SELECT i.student_id FROM students_followup f
            JOIN students_meeting m ON m.id = f.meeting_id
            JOIN students_iep i ON i.id = m.iep_id WHERE f.id = part.second)
        WHEN 'meeting-notice' THEN (
            SELECT i.student_id FROM students_meeting m
            JOIN students_iep i ON i.id = m.iep_id WHERE m.id = part.second)
        WHEN 'meeting' THEN (
            SELECT i.student_id FROM students_meeting m
            JOIN students_iep i ON i.id = m.iep_id WHERE m.id = part.second)
    END AS student_id
    FROM part
)
UPDATE iep_portal_notification n SET student_id = found.student_id
FROM found WHERE n.id = found.id AND found.student_id IS NOT NULL
"""


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_notification_student'),
        # The tables the keys point into.
        ('students', '0005_move_meetings_and_rostering'),
        ('meetings', '0002_meeting_once_and_invitation_ledger'),
        ('services', '0003_evidence_rules'),
        ('progress', '0002_data_point_recorded'),
        ('makeups', '0001_initial'),
    ]

    operations = [
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop, elidable=True),
    ]
