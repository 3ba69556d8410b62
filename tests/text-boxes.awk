# text-boxes.awk: the boxes of a pe-chart SVG's <text> elements, and the
# pairs of them that overlap (tests/pe-chart.bats, issue 19).
#
# Usage: LC_ALL=C awk -f tests/text-boxes.awk chart.svg
# Prints one line per pair of overlapping boxes ("overlap: A | B"), none
# when no text touches another, then "texts N".
#
# pe-chart writes each <text> on one line: x, y, text-anchor, an optional
# font-size (11 by default; the title's 14, bold), and its content, a
# legend's value in a <tspan> one character after its name.  A box is
# estimated as a font would set it, independently of pe-chart's own
# estimate: 0.6 em a character (DejaVu Sans' average), 1.1 times that in
# bold; from 0.8 em above the baseline to 0.25 em below.
#
# Bloat: no transforms, no multi-line elements, no other fonts.

function attr(s, name,    m) {
	if (match(s, " " name "=\"[^\"]*\"") == 0)
		return ""
	m = substr(s, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
	return m
}

/<text / {
	line = $0
	head = substr(line, 1, index(line, ">"))
	body = substr(line, index(line, ">") + 1)
	sub(/<\/text>.*/, "", body)
	gsub(/<tspan[^>]*>/, " ", body)	# the value's gap: one character
	gsub(/<\/tspan>/, "", body)
	gsub(/&[a-z]+;/, "&", body)	# an entity is one character
	gsub(/[\200-\277]/, "", body)	# UTF-8: one character a sequence
	fs = attr(head, "font-size")
	fs = fs == "" ? 11 : fs + 0
	w = length(body) * fs * 0.6
	if (head ~ /font-weight="bold"/)
		w *= 1.1
	x = attr(head, "x") + 0
	y = attr(head, "y") + 0
	a = attr(head, "text-anchor")
	if (a == "middle")
		x -= w / 2
	else if (a == "end")
		x -= w
	n++
	x0[n] = x; x1[n] = x + w; y0[n] = y - 0.8 * fs; y1[n] = y + 0.25 * fs
	what[n] = attr(head, "class") " '" body "' at " attr(head, "x") "," \
	    attr(head, "y")
}

END {
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (x0[i] < x1[j] && x0[j] < x1[i] &&
			    y0[i] < y1[j] && y0[j] < y1[i])
				print "overlap: " what[i] " | " what[j]
	print "texts " n + 0
}
