"""Public pages show posters as WebP, made once from the pipeline's JPEG, under the video's access rule."""
import io

from PIL import Image

from contest.media import storage
from tests.gallery.helpers import build_edition, fresh_gallery_cache  # noqa: F401
from tests.media.video_helpers import _clean_state, queue_file, upload_root  # noqa: F401


def jpeg(path, size=(480, 270)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 40, 40)).save(path, "JPEG", quality=90)


def test_a_published_poster_comes_as_webp_made_once(client, make_contest, make_entrant, upload_root):
    edition = build_edition(make_contest, make_entrant, n=2, winners=1)
    winner, other = edition.videos
    for video in (winner, other):
        jpeg(storage.frame_path(video, 1, storage.CARD_WIDTH))
    url = f"/media/v/{winner.uuid}/frame-1-{storage.CARD_WIDTH}.webp"
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/webp"
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.format == "WEBP" and image.size == (480, 270)
    twin = storage.frame_path(winner, 1, storage.CARD_WIDTH).with_suffix(".webp")
    made = twin.stat().st_mtime_ns
    assert client.get(url).data == response.data and twin.stat().st_mtime_ns == made  # kept, not redone
    assert client.get(f"/media/v/{other.uuid}/frame-1-{storage.CARD_WIDTH}.webp").status_code == 404
    assert client.get(f"/media/v/{winner.uuid}/frame-7-{storage.CARD_WIDTH}.webp").status_code == 404
    assert client.get(f"/media/v/{winner.uuid}/frame-1-999.webp").status_code == 404

    page = client.get(f"/c/{edition.contest.slug}/pemenang").get_data(as_text=True)
    assert f'poster="{url}"' in page
    assert f'<link rel="preload" as="image" href="{url}" fetchpriority="high">' in page


def test_a_damaged_poster_jpeg_is_served_as_it_is_not_a_500(client, make_contest, make_entrant, upload_root):
    edition = build_edition(make_contest, make_entrant, n=1, winners=1)
    [winner] = edition.videos
    damaged = storage.frame_path(winner, 1, storage.CARD_WIDTH)
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(b"not a jpeg at all")
    response = client.get(f"/media/v/{winner.uuid}/frame-1-{storage.CARD_WIDTH}.webp")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.data == b"not a jpeg at all"
    assert not list(damaged.parent.glob("*.webp")) and not list(damaged.parent.glob(".*.webp"))  # no debris
