# fill.awk — one block of a template (plots/report.md.in,
# plots/study_report.md.in) with its placeholders filled: what lib.sh's
# fill runs.
#
#   env NAME=VALUE... awk -v block=BLOCK -v names="NAME..." -f plots/fill.awk TEMPLATE
#
# A template is a list of blocks.  A line "@@ NAME" starts block NAME,
# whose text is every line up to the next line starting "@@" (blank lines
# included: they are the report's); "@@ NAME: TEXT" is a block of one
# line, TEXT.  Lines before the first "@@" are the template's comments.
# In a block, {{NAME}} is replaced by the value of NAME, which comes from
# the environment (ENVIRON, never -v, which would read escapes in it) and
# must be one of the names given: any other is an error, so that a typo
# cannot leave a placeholder in the report.  A value is put in as it is,
# once: nothing in it (&, \, /, a newline, "{{") is read again, so data
# never becomes part of the template.  A block that is not there, or a
# placeholder left open, stops awk with status 2.

BEGIN {
    n = split(names, list, " ")
    for (i = 1; i <= n; i++) known[list[i]] = 1
}

function fail(msg) {
    printf "fill: %s: block %s: %s\n", FILENAME, block, msg > "/dev/stderr"
    failed = 1
    exit 2
}

# subst(LINE): LINE with each {{NAME}} replaced by NAME's value.
function subst(s,    out, i, j, name) {
    out = ""
    while ((i = index(s, "{{")) > 0) {
        j = index(substr(s, i + 2), "}}")
        if (!j) fail("a {{ without }}")
        name = substr(s, i + 2, j - 1)
        if (!(name in known)) fail("no value for {{" name "}}")
        out = out substr(s, 1, i - 1) ENVIRON[name]
        s = substr(s, i + j + 3)
    }
    return out s
}

/^@@/ {
    if (inblock) exit
    head = substr($0, 4)
    if (head == block) { inblock = 1; found = 1; next }
    if (index(head, block ": ") == 1) {
        found = 1
        print subst(substr(head, length(block) + 3))
        exit
    }
    next
}

inblock { print subst($0) }

END {
    if (failed) exit 2
    if (!found) { printf "fill: %s: no block %s\n", FILENAME, block > "/dev/stderr"; exit 2 }
}
