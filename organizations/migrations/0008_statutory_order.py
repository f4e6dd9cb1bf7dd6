"""Organizations in statutory order (issue 17): the display order is left empty for the
kind's (``Organization.save``), the kinds are listed in statutory order (the veterans
before the women), and the organizations that still have an order nobody chose take
their kind's: the field's former default, 100 (every organization an admin created), or
the kinds' former order of the Women's Union (40) and the veterans (50), which swap.
An order chosen by hand is kept."""

from django.db import migrations, models

# Frozen here as they are at this migration: the kinds in statutory order…
KINDS = [
    "front",
    "labour",
    "farmers",
    "veterans",
    "women",
    "youth_union",
    "youth_federation",
    "party_body",
    "other",
]
ORDER = {kind: index * 10 for index, kind in enumerate(KINDS, start=1)}
# …and the orders that nobody chose: the former default and the former kinds' order.
FORMER_DEFAULT = 100
FORMER_KIND_ORDER = {"veterans": 50, "women": 40}


def give_kinds_order(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    for kind, order in ORDER.items():
        untouched = {FORMER_DEFAULT, FORMER_KIND_ORDER.get(kind, FORMER_DEFAULT)}
        Organization.objects.filter(kind=kind, display_order__in=untouched).update(
            display_order=order
        )


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0005_accounts_belong_to_a_committee'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalorganization',
            name='display_order',
            field=models.PositiveIntegerField(blank=True, help_text='Lists follow this order, as documents do. Leave empty for the order of its kind: the Front first, then Công đoàn, Hội Nông dân, Hội Cựu chiến binh, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, then the party bodies.', verbose_name='display order'),
        ),
        migrations.AlterField(
            model_name='historicalorganization',
            name='kind',
            field=models.CharField(choices=[('front', 'Fatherland Front committee (Ủy ban MTTQ)'), ('labour', 'Labour Federation / Trade Union'), ('farmers', "Farmers' Association"), ('veterans', "Veterans' Association"), ('women', "Women's Union"), ('youth_union', 'Ho Chi Minh Communist Youth Union'), ('youth_federation', 'Youth Federation'), ('party_body', 'Party body (Ban Dân vận, Văn phòng…)'), ('other', 'Other')], max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='organization',
            name='display_order',
            field=models.PositiveIntegerField(blank=True, help_text='Lists follow this order, as documents do. Leave empty for the order of its kind: the Front first, then Công đoàn, Hội Nông dân, Hội Cựu chiến binh, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, then the party bodies.', verbose_name='display order'),
        ),
        migrations.AlterField(
            model_name='organization',
            name='kind',
            field=models.CharField(choices=[('front', 'Fatherland Front committee (Ủy ban MTTQ)'), ('labour', 'Labour Federation / Trade Union'), ('farmers', "Farmers' Association"), ('veterans', "Veterans' Association"), ('women', "Women's Union"), ('youth_union', 'Ho Chi Minh Communist Youth Union'), ('youth_federation', 'Youth Federation'), ('party_body', 'Party body (Ban Dân vận, Văn phòng…)'), ('other', 'Other')], max_length=20, verbose_name='kind'),
        ),
        migrations.RunPython(give_kinds_order, migrations.RunPython.noop),
    ]
