import json
def nb(cells):
    out = []
    for i, c in enumerate(cells):
        kind, src = c[0], c[1]
        cell = {"cell_type": kind, "id": "c%02d" % i, "metadata": {}, "source": src}
        if len(c) > 2:
            cell["metadata"]["tags"] = c[2]
        if kind == "code":
            cell.update({"execution_count": None, "outputs": []})
        out.append(cell)
    return {"cells": out, "metadata": {"kernelspec": {"display_name": "Java (Jitbook)", "language": "java", "name": "jitbook"},
            "language_info": {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}},
            "nbformat": 4, "nbformat_minor": 5}
def write(path, cells):
    json.dump(nb(cells), open(path, "w"), indent=1)
