"""The WSGI application of the full stack (gunicorn): production settings unless DJANGO_SETTINGS_MODULE says
otherwise (`make run` sets certlink.settings.local through manage.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certlink.settings.production")
application = get_wsgi_application()
