"""«Mine data»: a person who proves control of an email address sees, downloads and acts on
what we hold about that address, at once (ARCHITECTURE.md, journey 8).

- `links`: the emailed link (signed, 30 minutes, single use) and the short session it opens.
- `overview`: what the registry finds for the address, as the person reads it; the apps
  describe their own records through `privacy.requests.hooks.declare_description`.
- `actions`: the download, the news consent, and each right, as data-subject requests
  (`privacy.requests`) confirmed by the proven address.

Only the address is proven, so only what is found through the address is shown: a phone
number shared with someone else (a company's switchboard) opens nothing here; the privacy
officer confirms such records through an ordinary request.
"""
