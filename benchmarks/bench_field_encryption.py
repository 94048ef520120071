"""Field encryption: values encrypted and decrypted per second on one core."""

from __future__ import annotations

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings.test")

import django

django.setup()

from sanad.crypto.ring import blind_index, decrypt_text, encrypt_text  # noqa: E402

VALUES = [f"أمينة بن زيان {index}" for index in range(20000)]

started = time.perf_counter()
tokens = [encrypt_text(value) for value in VALUES]
encrypt_rate = len(VALUES) / (time.perf_counter() - started)

started = time.perf_counter()
for token in tokens:
    decrypt_text(token)
decrypt_rate = len(VALUES) / (time.perf_counter() - started)

started = time.perf_counter()
for value in VALUES:
    blind_index(value, purpose="phone")
index_rate = len(VALUES) / (time.perf_counter() - started)

# Goals: the 1,000,000-case generator (issue 12) encrypts ~6 values per person in minutes, not hours.
print(f"RESULT\tfield encryption\t{encrypt_rate:.0f}\tvalues/s\t20000\thigher")
print(f"RESULT\tfield decryption\t{decrypt_rate:.0f}\tvalues/s\t20000\thigher")
print(f"RESULT\tblind index\t{index_rate:.0f}\tvalues/s\t100000\thigher")
