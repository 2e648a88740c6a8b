-- Seed: three patrols per arrondissement of the pilot (18th, 19th, 20th).
INSERT INTO patrol (id, name, arrondissement) VALUES
    ('maraude-18-a', 'Maraude Goutte d''Or', '75018'),
    ('maraude-18-b', 'Maraude Porte de la Chapelle', '75018'),
    ('maraude-18-c', 'Maraude Marx Dormoy', '75018'),
    ('maraude-19-a', 'Maraude Stalingrad', '75019'),
    ('maraude-19-b', 'Maraude Porte d''Aubervilliers', '75019'),
    ('maraude-19-c', 'Maraude Canal de l''Ourcq', '75019'),
    ('maraude-20-a', 'Maraude Belleville', '75020'),
    ('maraude-20-b', 'Maraude Porte de Bagnolet', '75020'),
    ('maraude-20-c', 'Maraude Ménilmontant', '75020')
ON CONFLICT DO NOTHING;
