# Draws figures/divergences.png from data/divergences.tsv. Run from the lesson's output folder:
#   gnuplot plots/divergences.gp
set terminal pngcairo size 1000,500 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/divergences.png'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced outside center bottom horizontal Left reverse
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
set xlabel 'generator mean μ' noenhanced
set ylabel 'JSD in nats' noenhanced
set y2tics nomirror out
set ytics nomirror
set y2label 'W₁' noenhanced
set border 11 lc rgb "#444444"
set style line 1 lc rgb "#0072B2" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 2 lc rgb "#D55E00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 3 lc rgb "#009E73" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 4 lc rgb "#CC79A7" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 5 lc rgb "#E69F00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 6 lc rgb "#56B4E9" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 7 lc rgb "#000000" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 8 lc rgb "#F0E442" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set title 'The JSD stops at log 2; the Wasserstein distance keeps growing' noenhanced
plot 'data/divergences.tsv' using 'mu':'js' with lines ls 1 title 'JSD(p‖q_μ), nats (left axis)', \
     'data/divergences.tsv' using 'mu':'w' axes x1y2 with lines ls 2 title 'W₁(p, q_μ) = |μ| (right axis)'
