# A support review says whether the student used the support, how much adult help they needed
# and what adjustment is proposed; reviews written before keep only their rating.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accommodations', '0003_support_source'),
    ]

    operations = [
        migrations.AlterField(
            model_name='supportreview',
            name='rating',
            field=models.CharField(blank=True, choices=[('working', 'Working'), ('not_working', 'Not working'), ('not_using', 'Student not using it'), ('not_sure', 'Not sure')], max_length=20),
        ),
        migrations.AddField(
            model_name='supportreview',
            name='used',
            field=models.CharField(blank=True, choices=[('always', 'Always'), ('mostly', 'Mostly'), ('sometimes', 'Sometimes'), ('rarely', 'Rarely')], max_length=10, verbose_name='used when offered'),
        ),
        migrations.AddField(
            model_name='supportreview',
            name='prompting',
            field=models.CharField(blank=True, choices=[('full', 'Full help (an adult does it with the student)'), ('partial', 'Partial help (an adult starts it or models it)'), ('gestural', 'A gesture or reminder'), ('independent', 'Independent')], max_length=12, verbose_name='adult help needed'),
        ),
        migrations.AddField(
            model_name='supportreview',
            name='adjustment',
            field=models.CharField(blank=True, choices=[('keep', 'Keep as it is'), ('fade', 'Fade it (less help)'), ('change', 'Change it'), ('add', 'Add a support'), ('drop', 'Drop it')], max_length=10, verbose_name='proposed adjustment'),
        ),
        migrations.AddIndex(
            model_name='supportreview',
            index=models.Index(fields=['support', 'created_at'], name='support_review_by_support'),
        ),
        migrations.AddConstraint(
            model_name='supportreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('rating', ''), _negated=True), models.Q(models.Q(('used', ''), _negated=True), models.Q(('prompting', ''), _negated=True), models.Q(('adjustment', ''), _negated=True)), _connector='OR'), name='support_review_answers_something', violation_error_message='Say how the student used the support, how much help they needed and what you propose.'),
        ),
    ]
