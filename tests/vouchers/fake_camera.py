"""A video file for Chromium's fake camera showing one QR code.

Chromium plays ``--use-file-for-fake-video-capture=<file.y4m>`` in a loop as
the camera. Y4M is a header line plus raw frames in YUV 4:2:0, written here
with Pillow (the QR code drawn by ``qrcode``, centred on a grey desk).
"""

from contextlib import contextmanager

import qrcode
from PIL import Image

WIDTH, HEIGHT = 640, 480


def qr_frame(text):
    code = qrcode.QRCode(border=4, box_size=8)
    code.add_data(text)
    code.make(fit=True)
    picture = code.make_image(fill_color="black", back_color="white").convert("RGB")
    side = min(HEIGHT - 40, picture.size[0])
    picture = picture.resize((side, side), Image.NEAREST)
    frame = Image.new("RGB", (WIDTH, HEIGHT), (120, 120, 120))
    frame.paste(picture, ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    return frame


def write_y4m(path, frame, frames=10):
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)
    return path


@contextmanager
def camera_page(browser, video, *, base_url, viewport):
    """A tab of a second Chromium whose camera plays ``video`` (camera permission granted)."""
    from tests.helpers import CHROMIUM, CHROMIUM_ARGS

    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(
            base_url=base_url, viewport=viewport, locale="de-DE", permissions=["camera"]
        )
        context.set_default_timeout(15_000)
        yield context.new_page()
    finally:
        camera_browser.close()
