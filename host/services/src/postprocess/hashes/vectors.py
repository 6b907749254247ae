"""Regenerates vectors.json: password hashes computed by netutils (the reference the hash
filters must agree with). Run in a venv with `pip install netutils` (Python <= 3.12 for `crypt`,
or with `legacycrypt`):  python vectors.py > vectors.json"""

import json
import random

from netutils import password

random.seed(15)
PLAINS = ["cisco", "juniper", "123456", "", "a", "Sup3r$ecret/With Spaces!", "x" * 25,
          "~`!@#$%^&*()_+-={}[]|", "\\:;\"'<>,.?/ $1$ {{ }}"]
cases = []
for plain in PLAINS:
    case = {"plain": plain,
            "type7": [password.encrypt_cisco_type7(plain, salt) for salt in (0, 7, 15)],
            "type5": [password.encrypt_cisco_type5(plain, salt) for salt in ("MHkb", "aB3z", "12345678")],
            "juniper9": [password.encrypt_juniper_type9(plain) for _ in range(3)] if plain else []}
    if plain:
        salt = "".join(random.choice(password.ENCRYPT_TYPE9_ENCODING_CHARS) for _ in range(14))
        case["type9"] = [password.encrypt_cisco_type9(plain, salt)]
    cases.append(case)
# netutils' own documented examples
cases.append({"plain": "cisco", "type7": ["110A1016141D"], "type5": [], "juniper9": []})
cases.append({"plain": "123456", "type7": [], "type5": [], "juniper9": [],
              "type9": ["$9$cvWdfQlRRDKq/U$VFTPha5VHTCbSgSUAo.nPoh50ZiXOw1zmljEjXkaq1g"]})
cases.append({"plain": "juniper", "type7": [], "type5": [], "juniper9": ["$9$7YdwgGDkTz6oJz69A1INdb"]})
print(json.dumps(cases, indent=1, ensure_ascii=False))
