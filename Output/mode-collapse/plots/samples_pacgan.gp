# Draws figures/samples_pacgan.png from data/samples_pacgan-mode_centres.tsv, data/samples_pacgan.tsv. Run from the lesson's output folder:
#   gnuplot plots/samples_pacgan.gp
set terminal pngcairo size 720,760 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/samples_pacgan.png'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced outside center bottom horizontal Left reverse
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
set xlabel 'x' noenhanced
set ylabel 'y' noenhanced
set size ratio -1
set style line 1 lc rgb "#0072B2" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 2 lc rgb "#D55E00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 3 lc rgb "#009E73" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 4 lc rgb "#CC79A7" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 5 lc rgb "#E69F00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 6 lc rgb "#56B4E9" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 7 lc rgb "#000000" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 8 lc rgb "#F0E442" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set xrange [-2.73086776137352:2.8232802331447604]
set yrange [-2.6842737376689914:2.869874256849289]
set title 'PacGAN'."'".'s samples after the last update' noenhanced
plot 'data/samples_pacgan.tsv' using 'x':'y' with points ls 1 title 'PacGAN samples', \
     'data/samples_pacgan-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
