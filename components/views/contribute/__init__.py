"""The contribution path: a coalition's staff fill in their own roster and send it to the maintainers.

No Streamlit here; everything is a function of the published Dataset and the bytes a person uploads.

Modules, in the order a contribution goes:
    template.py   the pre-filled roster and facts templates (CSV with '# ' notes, XLSX with a README sheet)
    upload.py     reading an edited template back (CSV or XLSX), checked row by row
    apply.py      the edited copy of the data, validated by the loader, problems named in the upload's terms
    diff.py       a plain diff between two datasets ("3 members added, 1 role changed, 2 new sources")
    package.py    the change package: the edited tables and CHANGES.md, every change with its source
"""
