# Draws figures/budget-modes.png from data/budget-modes.tsv. Run from the lesson's output folder:
#   gnuplot plots/budget-modes.gp
set terminal pngcairo size 1000,500 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/budget-modes.png'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced outside center bottom horizontal Left reverse
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
set xlabel 'generator update' noenhanced
set ylabel 'modes covered (of 8)' noenhanced
set style line 1 lc rgb "#0072B2" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 2 lc rgb "#D55E00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 3 lc rgb "#009E73" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 4 lc rgb "#CC79A7" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 5 lc rgb "#E69F00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 6 lc rgb "#56B4E9" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 7 lc rgb "#000000" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 8 lc rgb "#F0E442" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set title 'Modes covered with the budgets swapped' noenhanced
plot 'data/budget-modes.tsv' using 'step':'modes_covered_gan' with lines ls 1 title 'plain GAN, 5 updates of D at 3e-4', \
     'data/budget-modes.tsv' using 'step':'modes_covered_wgan_gp' with lines ls 2 title 'WGAN-GP, 1 update of the critic at 1.5e-4', \
     'data/budget-modes.tsv' using 'step':'modes_covered_pacgan' with lines ls 3 title 'PacGAN, 5 updates of D at 3e-4'
