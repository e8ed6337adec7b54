"""Ship the two screening instruments the issue names.

1. A trafficking-indicator short screen modelled on the publicly available Vera Institute
   Trafficking Victim Identification Tool (short form). Its topics are re-worded here in
   Haven's own words; there is no cut-off: the result feeds a professional determination.
2. A six-item yes/no screen with a cut-off of two, with the structure of the published
   Short Screen for Child Sex Trafficking (Greenbaum et al., 2018). Its wording is in the
   journal article and is entered by the deploying agency: only placeholders ship.
"""

from django.db import migrations

SHORT_SCREEN = [
    (
        "Living situation",
        "Do you live where you work, or where someone else decides?",
        "¿Vive donde trabaja, o donde otra persona decide?",
    ),
    (
        "Freedom to leave",
        "Are you free to leave your work or living place when you want?",
        "¿Puede dejar su trabajo o su vivienda cuando quiera?",
    ),
    (
        "Documents",
        "Does someone else keep your ID, passport or other papers?",
        "¿Otra persona guarda su identificación, pasaporte u otros documentos?",
    ),
    ("Pay", "Do you keep the money you earn?", "¿Se queda con el dinero que gana?"),
    (
        "Debt",
        "Do you owe money to someone you work for or who brought you here?",
        "¿Debe dinero a alguien para quien trabaja o que lo trajo aquí?",
    ),
    (
        "Threats",
        "Has anyone threatened you or your family if you stop or leave?",
        "¿Alguien lo ha amenazado a usted o a su familia si deja de trabajar o se va?",
    ),
    (
        "Harm",
        "Has anyone hurt you, or made you do something you did not want to do?",
        "¿Alguien le ha hecho daño o lo ha obligado a hacer algo que no quería?",
    ),
    (
        "Sexual exchange",
        "Has anyone made you trade sex for money, a place to stay or anything else?",
        "¿Alguien lo ha obligado a intercambiar sexo por dinero, alojamiento u otra cosa?",
    ),
    (
        "Recruitment",
        "Was the work or life you were promised different from what you found?",
        "¿El trabajo o la vida que le prometieron fue distinto de lo que encontró?",
    ),
    (
        "Communication",
        "Can you talk to family or friends when you want?",
        "¿Puede hablar con su familia o amigos cuando quiera?",
    ),
    (
        "Movement",
        "Does someone watch or control where you go?",
        "¿Alguien vigila o controla a dónde va?",
    ),
    (
        "Quota",
        "Do you have to earn a set amount or meet a quota each day?",
        "¿Tiene que ganar una cantidad fija o cumplir una cuota cada día?",
    ),
    (
        "Hours and conditions",
        "Are you made to work very long hours or in unsafe conditions?",
        "¿Lo obligan a trabajar muchas horas o en condiciones peligrosas?",
    ),
    (
        "Deception about the law",
        "Has anyone told you that the police or immigration will punish you if you speak up?",
        "¿Alguien le ha dicho que la policía o inmigración lo castigará si habla?",
    ),
    (
        "Age at start",
        "Were you under 18 when this kind of work started?",
        "¿Tenía menos de 18 años cuando empezó este tipo de trabajo?",
    ),
    (
        "Wish for help",
        "Would you like help to be safe, now or later?",
        "¿Le gustaría recibir ayuda para estar seguro, ahora o más tarde?",
    ),
]
# Items where a yes is not an indicator (it is one when the answer is no): they do not count.
NOT_COUNTED = {2, 4, 10, 16}


def ship(apps, schema_editor):
    Instrument = apps.get_model("screening", "Instrument")
    Item = apps.get_model("screening", "InstrumentItem")
    Wording = apps.get_model("screening", "ItemWording")
    short = Instrument.objects.create(
        code="trafficking-short-screen",
        name="Trafficking indicator short screen",
        description=(
            "Sixteen questions on the topics of the Vera Institute's Trafficking Victim "
            "Identification Tool (short form), in Haven's own wording, for sex and labor "
            "trafficking, adults and minors. Ask in a private setting, without the person "
            "who came with them."
        ),
        cut_off=None,
        advisory_only=True,
        licence_note=(
            "Modelled on the Vera Institute TVIT short form, which is available at no cost "
            "without permission. The wording here is Haven's own."
        ),
        source="Vera Institute of Justice, Trafficking Victim Identification Tool (short form)",
    )
    for number, (topic, en, es) in enumerate(SHORT_SCREEN, start=1):
        item = Item.objects.create(
            instrument=short,
            number=number,
            answer_type="yes_no_unsure",
            counts=number not in NOT_COUNTED,
            topic=topic,
        )
        Wording.objects.create(item=item, language="en", text=en)
        Wording.objects.create(item=item, language="es", text=es)
    six = Instrument.objects.create(
        code="child-sex-trafficking-six",
        name="Six-item child sex trafficking screen",
        description=(
            "Six yes/no questions; two or more yes answers is a positive screen, which calls "
            "for further assessment. The structure of the published Short Screen for Child "
            "Sex Trafficking."
        ),
        cut_off=2,
        advisory_only=True,
        licence_note=(
            "Greenbaum et al., Pediatric Emergency Care, 2018 (journal article). The item "
            "wording must be taken from the article by the deploying agency: enter it on "
            "the instruments page before use."
        ),
        source="Short Screen for Child Sex Trafficking (Greenbaum et al., 2018)",
    )
    for number in range(1, 7):
        item = Item.objects.create(
            instrument=six, number=number, answer_type="yes_no", counts=True, topic=""
        )
        Wording.objects.create(
            item=item,
            language="en",
            text=f"Question {number}: enter your agency's wording.",
            is_placeholder=True,
        )
        Wording.objects.create(
            item=item,
            language="es",
            text=f"Pregunta {number}: introduzca la redacción de su agencia.",
            is_placeholder=True,
        )


def unship(apps, schema_editor):
    Instrument = apps.get_model("screening", "Instrument")
    Instrument.objects.filter(
        code__in=["trafficking-short-screen", "child-sex-trafficking-six"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
