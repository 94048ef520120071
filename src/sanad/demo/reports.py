"""Demo narrative of the annual national report: what a commission writes around its figures, in French and
Arabic, for the last complete year. Fictitious text, marked as such."""

from __future__ import annotations

from datetime import datetime

from sanad.accounts.models import User
from sanad.reports.models import NarrativeSection

NARRATIVE = {
    "fr": {
        "introduction": (
            "Texte de démonstration. Ce rapport présente l'action nationale contre la traite des êtres humains "
            "pendant l'année, en application de la loi 27-14, à partir des données enregistrées par les "
            "partenaires du mécanisme national d'orientation."
        ),
        "prosecution": (
            "Texte de démonstration. Les parquets ont poursuivi davantage de personnes au titre de la loi 27-14 ; "
            "la commission recommande de suivre le délai entre l'ouverture des dossiers et le premier jugement."
        ),
        "protection": (
            "Texte de démonstration. Les victimes détectées ont été orientées vers l'hébergement, l'assistance "
            "juridique et les soins ; les chiffres mesurent la détection, non l'ampleur du phénomène."
        ),
        "prevention": (
            "Texte de démonstration. Les campagnes de sensibilisation et les formations des agents publics se "
            "sont poursuivies dans les régions les plus concernées."
        ),
        "partnership": (
            "Texte de démonstration. La commission a travaillé avec les départements ministériels, la société "
            "civile et les organisations internationales partenaires."
        ),
    },
    "ar": {
        "introduction": (
            "نص تجريبي. يعرض هذا التقرير العمل الوطني لمكافحة الاتجار بالبشر خلال السنة، تطبيقا للقانون 27-14، "
            "انطلاقا من المعطيات التي سجلها شركاء الآلية الوطنية للتوجيه."
        ),
        "prosecution": (
            "نص تجريبي. تابعت النيابات العامة عددا أكبر من الأشخاص بموجب القانون 27-14، وتوصي اللجنة بتتبع المدة "
            "الفاصلة بين فتح الملفات وصدور الحكم الابتدائي."
        ),
        "protection": (
            "نص تجريبي. وُجّه الضحايا المكتشفون نحو الإيواء والمساعدة القانونية والعلاج؛ وتقيس الأرقام الكشف "
            "وليس حجم الظاهرة."
        ),
        "prevention": "نص تجريبي. تواصلت حملات التحسيس وتكوين الموظفين العموميين في الجهات الأكثر تضررا.",
        "partnership": "نص تجريبي. عملت اللجنة مع القطاعات الحكومية والمجتمع المدني والمنظمات الدولية الشريكة.",
    },
}


def create_narratives(*, year: int, coordinator: User, now: datetime) -> int:
    created = 0
    for language, sections in NARRATIVE.items():
        for section, text in sections.items():
            _narrative, made = NarrativeSection.objects.get_or_create(
                year=year,
                language=language,
                section=section,
                defaults={"text": text, "updated_at": now, "updated_by": coordinator},
            )
            created += made
    return created
