"""Documents a school files (DOCX): orders, programs, reports, consent forms, rewards.

Plain Python on top of python-docx, no Telegram or database code: callers pass every visible
text already localized. :mod:`services.documents.docx_kit` holds the page layout shared by all
of them; :mod:`services.documents.filenames` names the files.
"""
