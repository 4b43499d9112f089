"""pyHanko's validator for tests, safe beside a sync Playwright session.

validate_pdf_signature runs asyncio.run(), which refuses to start while another event loop runs in
the thread (the suite's Chromium keeps one alive once a browser test has run): validate on a
short-lived thread of its own, as contest/certificates/signing.py does when it signs.
"""
from concurrent.futures import ThreadPoolExecutor

from pyhanko.sign.validation import validate_pdf_signature


def validate_signature(embedded, context):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate_pdf_signature, embedded, context).result()
