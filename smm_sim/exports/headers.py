"""What each column of an export means, whatever the language, casing or punctuation.

A header is cleaned the way :mod:`smm_sim.weekly_file` cleans one (lower case, no accents,
words joined by "_"), its bracketed part kept apart: LinkedIn writes ``Impressions (organic)``,
``Impressioni (organiche)``, ``Impresiones (orgánicas)``, and the part in brackets says which
breakdown the column is. Names are those the platforms' exports use in English; the Italian and
Spanish ones are those of their localised interfaces where seen, our own translation otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

from ..weekly_file import _normalise

# concept: the cleaned headers (no bracketed part) that mean it.
NAMES: Mapping[str, tuple[str, ...]] = {
    # when
    "date": ("date", "data", "fecha", "day", "giorno", "dia", "date_hour", "data_ora",
             "fecha_hora", "time", "created_date", "data_di_creazione", "fecha_de_creacion"),
    "publish_time": ("publish_time", "published", "orario_di_pubblicazione",
                     "ora_di_pubblicazione", "data_di_pubblicazione", "hora_de_publicacion",
                     "fecha_de_publicacion", "video_publish_time",
                     "ora_di_pubblicazione_del_video", "hora_de_publicacion_del_video"),
    # who and what: they tell the formats apart
    "post_id": ("post_id", "id_post", "id_del_post", "id_de_la_publicacion", "id_publicacion",
                "tweet_id", "id_tweet", "content", "contenuto", "contenido"),
    "page_id": ("page_id", "id_pagina", "id_de_la_pagina", "page_name", "nome_pagina",
                "nome_della_pagina", "nombre_de_la_pagina", "sidnamn"),
    "account": ("account_id", "id_account", "id_de_la_cuenta", "account_username",
                "nome_utente_account", "nombre_de_usuario_de_la_cuenta", "account_name"),
    "post_text": ("post_text", "testo_del_post", "texto_de_la_publicacion", "tweet_text",
                  "post_title", "titolo_del_post", "titulo_de_la_publicacion", "post",
                  "video_title", "titolo_del_video", "titulo_del_video", "title", "description",
                  "descrizione", "descripcion"),
    "post_link": ("post_link", "link_al_post", "enlace_de_la_publicacion", "permalink",
                  "tweet_permalink", "link"),
    "network": ("network", "rete", "social_network", "red", "red_social", "channel", "canale",
                "canal", "platform", "piattaforma", "plataforma"),
    "ga4_channel": ("session_primary_channel_group", "session_default_channel_group",
                    "first_user_primary_channel_group", "first_user_default_channel_group",
                    "gruppo_di_canali_principale_della_sessione",
                    "gruppo_di_canali_predefinito_della_sessione",
                    "grupo_de_canales_principal_de_la_sesion",
                    "grupo_de_canales_predeterminado_de_la_sesion"),
    "ga4_source": ("session_source", "session_source_medium", "first_user_source",
                   "first_user_source_medium", "sorgente_della_sessione",
                   "sorgente_mezzo_della_sessione", "origen_de_la_sesion",
                   "origen_medio_de_la_sesion"),
    "primary": ("primary", "principale", "principal"),
    "sponsored_followers": ("sponsored_followers", "follower_sponsorizzati",
                            "seguidores_patrocinados"),
    "organic_followers": ("organic_followers", "follower_organici", "seguidores_organicos"),
    "page_views": ("page_views", "visualizzazioni_di_pagina", "visualizaciones_de_la_pagina",
                   "overview_page_views", "total_page_views", "unique_visitors",
                   "visitatori_unici", "visitantes_unicos", "total_unique_visitors"),
    "profile_views": ("profile_views", "profile_visits", "visualizzazioni_del_profilo",
                      "visite_al_profilo", "visualizaciones_del_perfil", "visitas_al_perfil",
                      "user_profile_clicks"),
    "follower_difference": ("difference_in_followers_from_previous_day",
                            "differenza_di_follower_rispetto_al_giorno_precedente",
                            "diferencia_de_seguidores_con_respecto_al_dia_anterior"),
    # figures
    "reach": ("reach", "copertura", "alcance", "people_reached", "persone_raggiunte",
              "unique_impressions", "impressioni_uniche", "impresiones_unicas"),
    "impressions": ("impressions", "impressioni", "impresiones", "views", "visualizzazioni",
                    "visualizaciones", "reproducciones", "video_views",
                    "visualizzazioni_dei_video", "visualizaciones_de_videos", "media_views"),
    "engagements": ("engagements", "interazioni", "interacciones", "total_engagements",
                    "reactions_comments_and_shares", "reazioni_commenti_e_condivisioni",
                    "reacciones_comentarios_y_veces_que_se_ha_compartido",
                    "content_interactions", "interazioni_con_i_contenuti",
                    "interacciones_con_el_contenido"),
    "reactions": ("reactions", "reazioni", "reacciones", "likes", "like", "mi_piace",
                  "me_gusta"),
    "comments": ("comments", "commenti", "comentarios", "replies", "risposte", "respuestas"),
    "shares": ("shares", "condivisioni", "veces_compartido", "compartidos", "reposts",
               "repost", "diffusioni", "retweets", "veces_que_se_ha_compartido"),
    "saves": ("saves", "salvataggi", "guardados", "bookmarks", "segnalibri", "elementos_guardados"),
    "clicks": ("total_clicks", "clic_totali", "clics_totales", "clicks", "clic", "clics",
               "link_clicks", "clic_sul_link", "clics_en_el_enlace", "url_clicks",
               "post_link_clicks"),
    "follows": ("follows", "follow", "new_follows", "new_followers", "nuovi_follower",
                "nuovi_seguaci", "nuevos_seguidores", "seguimientos", "subscribers", "iscritti",
                "suscriptores",
                "followers_gained", "net_follower_growth"),
    "unfollows": ("unfollows", "smesso_di_seguire", "dejaron_de_seguir", "followers_lost"),
    "followers": ("followers", "follower", "seguaci", "seguidores", "total_followers",
                  "follower_totali", "seguidores_totales", "fans", "audience"),
    "posts": ("posts", "post_pubblicati", "publicaciones", "create_post", "published_posts",
              "posts_published"),
    "sessions": ("sessions", "sessioni", "sesiones"),
    "conversions": ("key_events", "eventi_chiave", "eventos_clave", "conversions",
                    "conversioni", "conversiones"),
    "revenue": ("total_revenue", "entrate_totali", "ingresos_totales", "purchase_revenue",
                "entrate_generate_dagli_acquisti", "ingresos_por_compras", "revenue", "ricavi",
                "ingresos"),
    "hours": ("hours", "ore", "horas", "hours_worked", "ore_lavorate", "horas_trabajadas"),
    "engagement_rate": ("engagement_rate", "tasso_di_engagement", "tasa_de_interaccion",
                        "engagement_rate_per_impression", "engagement_rate_per_reach",
                        "engagement_rate_per_follower"),
}
CONCEPT_OF: Mapping[str, str] = {name: concept for concept, names in NAMES.items()
                                 for name in names}
# What the bracketed part of a header says: the breakdown of a figure.
BREAKDOWNS: Mapping[str, str] = {
    "total": "total", "totali": "total", "totale": "total", "totales": "total",
    "organic": "organic", "organiche": "organic", "organici": "organic",
    "organicas": "organic", "organicos": "organic",
    "sponsored": "sponsored", "sponsorizzate": "sponsored", "sponsorizzati": "sponsored",
    "patrocinadas": "sponsored", "patrocinados": "sponsored",
}
# Engagement rate definitions, by the words a header or a format uses for its denominator.
RATE_BASES = {"impression": "impressions", "impressions": "impressions", "reach": "reach",
              "follower": "followers", "followers": "followers"}
BRACKET = re.compile(r"[(\[]([^()\[\]\n]{0,80})[)\]]")


def clean(text: Any) -> str:
    """Lower case, ASCII, words joined by "_" (the bracketed part included)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return "_".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def meaning(header: Any) -> tuple[str | None, str]:
    """The concept a header names (None: unknown) and its breakdown ("total", "organic",
    "sponsored" or "": a column without one)."""
    text = str(header)[:200]
    base = _normalise(text)
    inside = " ".join(BRACKET.findall(text))
    breakdown = next((BREAKDOWNS[w] for w in clean(inside).split("_") if w in BREAKDOWNS), "")
    concept = CONCEPT_OF.get(base)
    if concept is None and base.endswith(("_total", "_totale", "_totali")):
        concept = CONCEPT_OF.get(base.rsplit("_", 1)[0])  # "Total clicks" is read as clicks
        breakdown = breakdown or "total"
    if concept == "engagement_rate":
        words = clean(text).split("_")
        breakdown = next((RATE_BASES[w] for w in words if w in RATE_BASES), breakdown)
    return concept, breakdown
