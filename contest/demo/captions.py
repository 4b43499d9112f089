"""Demo: Indonesian captions on the past edition's winning clips, so the gallery shows a captioned video.

The WebVTT is written here and goes through the same check and conversion as an entrant's upload
(media/captions/formats.py, convert), then is stored by media/captions/services.py. Idempotent and quick (no ffmpeg).
"""
from ..media import services as media_services
from ..media.captions import formats as captions
from ..media.captions import services as caption_services


def caption_text(title, seconds):
    """Two cues within the clip: the title, then the edition's message."""
    end = max(1.0, seconds - 0.2)
    middle = round(end / 2, 3)

    def stamp(s):
        return captions.timestamp(round(s * 1000))

    return (f"WEBVTT\n\n{stamp(0.1)} --> {stamp(middle)}\n{title}\n\n"
            f"{stamp(middle)} --> {stamp(end)}\n<i>ASN netral, Pemilu damai.</i>\n")


def seed_captions(entries):
    """Give each entry's ready video an Indonesian track if it has none; returns how many were added."""
    added = 0
    for entry in entries:
        video = media_services.current_video(entry)
        if video is None or video.duration is None or "id" in caption_services.captions_of(video):
            continue
        text = captions.convert(caption_text(entry.title, video.duration).encode(), filename="demo.vtt",
                                duration_s=video.duration)
        caption_services.store_caption(video=video, language="id", vtt_text=text)
        added += 1
    return added
