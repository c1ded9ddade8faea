# Draws figures/smoothing.png from data/smoothing.tsv. Run from the lesson's output folder:
#   gnuplot plots/smoothing.gp
set terminal pngcairo size 1000,500 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/smoothing.png'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced outside center bottom horizontal Left reverse
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
set xlabel 'x' noenhanced
set ylabel 'D(x)' noenhanced
set style line 1 lc rgb "#0072B2" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 2 lc rgb "#D55E00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 3 lc rgb "#009E73" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 4 lc rgb "#CC79A7" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 5 lc rgb "#E69F00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 6 lc rgb "#56B4E9" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 7 lc rgb "#000000" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 8 lc rgb "#F0E442" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set title 'Discriminators trained with smoothed targets, against their closed forms' noenhanced
plot 'data/smoothing.tsv' using 'x':'d_star' with lines ls 1 title 'D*(x), no smoothing', \
     'data/smoothing.tsv' using 'x':'d_one_sided_closed' with lines ls 2 title 'one-sided optimum α·D*', \
     'data/smoothing.tsv' using 'x':'d_one_sided' with lines ls 3 title 'one-sided D, trained', \
     'data/smoothing.tsv' using 'x':'d_two_sided_closed' with lines ls 4 title 'two-sided optimum β + (α − β)·D*', \
     'data/smoothing.tsv' using 'x':'d_two_sided' with lines ls 5 title 'two-sided D, trained'
